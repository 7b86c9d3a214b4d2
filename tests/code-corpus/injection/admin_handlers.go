package admin

import (
	"database/sql"
	"encoding/json"
	"fmt"
	"net/http"
	"os/exec"
	"strconv"

	"github.com/jmoiron/sqlx"
)

type Handler struct {
	DB  *sql.DB
	DBX *sqlx.DB
}

func (h *Handler) Ping(w http.ResponseWriter, r *http.Request) {
	host := r.URL.Query().Get("host")
	out, err := exec.Command("sh", "-c", "ping -c 1 "+host).CombinedOutput() // ward-expect: injection
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	w.Write(out)
}

func (h *Handler) Backup(w http.ResponseWriter, r *http.Request) {
	name := r.FormValue("name")
	cmd := exec.Command("bash", "-c", fmt.Sprintf("pg_dump app > /backups/%s.sql", name)) // ward-expect: injection
	if err := cmd.Run(); err != nil {
		http.Error(w, "backup failed", http.StatusInternalServerError)
	}
}

func (h *Handler) User(w http.ResponseWriter, r *http.Request) {
	id := r.URL.Query().Get("id")
	row := h.DB.QueryRow("SELECT id, email FROM users WHERE id = " + id) // ward-expect: injection
	var uid int
	var email string
	if err := row.Scan(&uid, &email); err != nil {
		http.NotFound(w, r)
		return
	}
	json.NewEncoder(w).Encode(map[string]any{"id": uid, "email": email})
}

func (h *Handler) Search(w http.ResponseWriter, r *http.Request) {
	q := fmt.Sprintf("SELECT id, name FROM products WHERE name LIKE '%%%s%%'", r.URL.Query().Get("q"))
	rows, err := h.DB.Query(q) // ward-expect: injection
	if err != nil {
		http.Error(w, err.Error(), 500)
		return
	}
	defer rows.Close()
}

func (h *Handler) Delete(w http.ResponseWriter, r *http.Request) {
	table := r.URL.Query().Get("table")
	_, err := h.DB.Exec(fmt.Sprintf("DELETE FROM %s WHERE expired = true", table)) // ward-expect: injection
	if err != nil {
		http.Error(w, err.Error(), 500)
	}
}

func (h *Handler) Orders(w http.ResponseWriter, r *http.Request) {
	var orders []struct{ ID int }
	status := r.URL.Query().Get("status")
	err := h.DBX.Select(&orders, "SELECT id FROM orders WHERE status = '"+status+"'") // ward-expect: injection
	if err != nil {
		http.Error(w, err.Error(), 500)
	}
}

// ward-good: injection
func (h *Handler) PingSafe(w http.ResponseWriter, r *http.Request) {
	host := r.URL.Query().Get("host")
	out, err := exec.Command("ping", "-c", "1", "--", host).CombinedOutput()
	if err != nil {
		http.Error(w, "ping failed", http.StatusBadRequest)
		return
	}
	w.Write(out)
}

// ward-good: injection
func (h *Handler) UserSafe(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.Atoi(r.URL.Query().Get("id"))
	if err != nil {
		http.Error(w, "bad id", 400)
		return
	}
	var email string
	if err := h.DB.QueryRow("SELECT email FROM users WHERE id = $1", id).Scan(&email); err != nil {
		http.NotFound(w, r)
		return
	}
	fmt.Fprintf(w, "user %d: %s", id, email)
}

// ward-good: injection
func (h *Handler) SearchSafe(w http.ResponseWriter, r *http.Request) {
	rows, err := h.DB.Query("SELECT id, name FROM products WHERE name LIKE $1", "%"+r.URL.Query().Get("q")+"%")
	if err != nil {
		http.Error(w, err.Error(), 500)
		return
	}
	defer rows.Close()
}

// ward-good: injection
func (h *Handler) OrdersSafe(w http.ResponseWriter, r *http.Request) {
	var orders []struct{ ID int }
	_ = h.DBX.Select(&orders, "SELECT id FROM orders WHERE status = ?", r.URL.Query().Get("status"))
}

// ward-good: injection
func (h *Handler) Uptime(w http.ResponseWriter, r *http.Request) {
	out, _ := exec.Command("sh", "-c", "uptime; df -h /").Output()
	w.Write(out)
}

// ward-good: injection
func (h *Handler) Count(w http.ResponseWriter, r *http.Request) {
	const q = "SELECT count(*) FROM users WHERE deleted_at IS NULL"
	var n int
	_ = h.DB.QueryRow(q).Scan(&n)
	fmt.Fprintf(w, "SELECT returned %d rows for %s", n, r.URL.Path)
}
