import sqlite3
from datetime import date

import psycopg2
from psycopg2 import sql
from sqlalchemy import text, select
from sqlalchemy.orm import Session

from .models import Order


class ReportsRepository:
    def __init__(self, conn, session: Session):
        self.conn = conn
        self.session = session

    def user_orders(self, user_id):
        cur = self.conn.cursor()
        cur.execute(f"SELECT id, total FROM orders WHERE user_id = {user_id}")  # ward-expect: injection
        return cur.fetchall()

    def orders_by_status(self, status):
        cur = self.conn.cursor()
        query = "SELECT * FROM orders WHERE status = '%s'" % status
        cur.execute(query)  # ward-expect: injection
        return cur.fetchall()

    def search_customers(self, term):
        cur = self.conn.cursor()
        cur.execute(
            "SELECT id, name FROM customers WHERE name LIKE '%" + term + "%' ORDER BY name"  # ward-expect: injection
        )
        return cur.fetchall()

    def sorted_products(self, column, direction):
        q = "SELECT * FROM products ORDER BY {} {}".format(column, direction)
        return self.conn.execute(q).fetchall()  # ward-expect: injection

    def revenue_between(self, start: date, end: date, region: str):
        stmt = text(f"SELECT sum(total) FROM orders WHERE region = '{region}' AND day BETWEEN :s AND :e")  # ward-expect: injection
        return self.session.execute(stmt, {"s": start, "e": end}).scalar()

    def delete_order(self, order_id):
        self.conn.executescript(f"DELETE FROM orders WHERE id = {order_id};")  # ward-expect: injection

    def bulk_tag(self, ids, tag):
        cur = self.conn.cursor()
        cur.executemany(f"UPDATE orders SET tag = '{tag}' WHERE id = ?", [(i,) for i in ids])  # ward-expect: injection

    # ward-good: injection
    def user_orders_safe(self, user_id):
        cur = self.conn.cursor()
        cur.execute("SELECT id, total FROM orders WHERE user_id = %s", (user_id,))
        return cur.fetchall()

    # ward-good: injection
    def orders_by_status_safe(self, status):
        cur = self.conn.cursor()
        cur.execute("SELECT * FROM orders WHERE status = %(status)s", {"status": status})
        return cur.fetchall()

    # ward-good: injection
    def search_customers_safe(self, term):
        cur = self.conn.cursor()
        cur.execute("SELECT id, name FROM customers WHERE name LIKE ? ORDER BY name", (f"%{term}%",))
        return cur.fetchall()

    # ward-good: injection
    def sorted_products_safe(self, column, direction):
        allowed = {"name", "price", "created_at"}
        if column not in allowed or direction.upper() not in {"ASC", "DESC"}:
            raise ValueError("bad sort")
        q = sql.SQL("SELECT * FROM products ORDER BY {} {}").format(sql.Identifier(column), sql.SQL(direction.upper()))
        cur = self.conn.cursor()
        cur.execute(q)
        return cur.fetchall()

    # ward-good: injection
    def revenue_between_safe(self, start, end, region):
        stmt = text("SELECT sum(total) FROM orders WHERE region = :r AND day BETWEEN :s AND :e")
        return self.session.execute(stmt, {"r": region, "s": start, "e": end}).scalar()

    # ward-good: injection
    def orders_orm(self, user_id):
        return self.session.scalars(select(Order).where(Order.user_id == user_id)).all()

    # ward-good: injection
    def table_count(self):
        cur = self.conn.cursor()
        cur.execute("SELECT count(*) FROM orders WHERE created_at > now() - interval '1 day'")
        return cur.fetchone()[0]

    # ward-good: injection
    def describe(self, user_id):
        message = f"SELECT for user {user_id} returned no rows"
        return message
