package server

import (
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	"github.com/gin-contrib/cors"
	"github.com/gin-gonic/gin"
	rscors "github.com/rs/cors"
)

const dataDir = "/srv/data"

var skuPattern = regexp.MustCompile(`[A-Z]{3}-[0-9]{4}`)
var skuStrict = regexp.MustCompile(`^[A-Z]{3}-[0-9]{4}$`)

func NewRouter() *gin.Engine {
	r := gin.Default()
	r.Use(cors.New(cors.Config{
		AllowAllOrigins:  true,
		AllowMethods:     []string{"GET", "POST", "PUT", "DELETE"},
		AllowCredentials: true, // ward-expect: config
		MaxAge:           12 * time.Hour,
	}))

	r.GET("/files", func(c *gin.Context) {
		c.File(filepath.Join(dataDir, c.Query("name"))) // ward-expect: config
	})

	r.GET("/sku/:id", func(c *gin.Context) {
		if !skuPattern.MatchString(c.Param("id")) { // ward-expect: config
			c.AbortWithStatus(http.StatusBadRequest)
			return
		}
		c.JSON(http.StatusOK, gin.H{"sku": c.Param("id")})
	})

	// ward-good: config
	r.GET("/sku-strict/:id", func(c *gin.Context) {
		if !skuStrict.MatchString(c.Param("id")) {
			c.AbortWithStatus(http.StatusBadRequest)
			return
		}
		c.JSON(http.StatusOK, gin.H{"sku": c.Param("id")})
	})
	return r
}

func LegacyMux() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("/download", func(w http.ResponseWriter, r *http.Request) {
		http.ServeFile(w, r, dataDir+"/"+r.URL.Query().Get("f")) // ward-expect: config
	})
	c := rscors.New(rscors.Options{
		AllowedOrigins:   []string{"*"},
		AllowCredentials: true, // ward-expect: config
	})
	return c.Handler(mux)
}

func PrepareDirs() error {
	if err := os.MkdirAll("/var/lib/app/cache", 0o755); err != nil {
		return err
	}
	return os.Chmod("/var/lib/app/cache", 0777) // ward-expect: config
}

func WriteShared(path string, data []byte) error {
	if err := os.WriteFile(path, data, 0o644); err != nil {
		return err
	}
	return os.Chmod(path, os.ModePerm) // ward-expect: config
}

// ward-good: config
func SafeRouter() *gin.Engine {
	r := gin.New()
	r.Use(cors.New(cors.Config{
		AllowOrigins:     []string{"https://app.example.com"},
		AllowMethods:     []string{"GET", "POST"},
		AllowCredentials: true,
	}))
	r.Use(cors.New(cors.Config{AllowAllOrigins: true, AllowMethods: []string{"GET"}}))
	return r
}

// ward-good: config
func SafeFiles() http.Handler {
	return http.StripPrefix("/static/", http.FileServer(http.Dir(dataDir)))
}

// ward-good: config
func SafeDownload(w http.ResponseWriter, r *http.Request) {
	name := filepath.Clean("/" + r.URL.Query().Get("f"))
	full := filepath.Join(dataDir, name)
	if !strings.HasPrefix(full, dataDir+string(os.PathSeparator)) {
		http.Error(w, "bad path", http.StatusBadRequest)
		return
	}
	http.ServeFile(w, r, full)
}

// ward-good: config
func WriteSecret(path string, data []byte) error {
	if err := os.WriteFile(path, data, 0o600); err != nil {
		return err
	}
	return os.Chmod(path, 0o600)
}
