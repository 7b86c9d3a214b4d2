"""Connection factories for the analytics jobs."""
import getpass
import os

import boto3
import mysql.connector
import psycopg2
import pymongo
import redis
from pymongo import MongoClient
from sqlalchemy import create_engine


def warehouse():
    return psycopg2.connect(
        host="warehouse.internal.example.com",
        dbname="analytics",
        user="etl",
        password="S3cr3t-example!",  # ward-expect: credentials
    )


def legacy_mysql():
    return mysql.connector.connect(user="root", password="hunter22-example", host="10.0.3.7", database="shop")  # ward-expect: credentials


def events_store():
    return pymongo.MongoClient("mongodb://admin:pass123example@mongo.internal.example.com:27017/events")  # ward-expect: credentials


def cache():
    return redis.Redis(host="cache.internal.example.com", port=6379, password="r3dis-example-pw", db=0)  # ward-expect: credentials


def reporting_engine():
    return create_engine("postgresql+psycopg2://report:Report2024-example@db.example.com:5432/reports")  # ward-expect: credentials


def dsn_string():
    return psycopg2.connect("host=db.example.com dbname=app user=app password=app-pass-example")  # ward-expect: credentials


DB_PASSWORD = "P@ssw0rd-fake"  # ward-expect: credentials


def billing():
    return psycopg2.connect(host="billing-db", user="billing", password=DB_PASSWORD, dbname="billing")


# ward-good: credentials
def warehouse_env():
    return psycopg2.connect(
        host=os.environ["WAREHOUSE_HOST"],
        dbname="analytics",
        user=os.environ["WAREHOUSE_USER"],
        password=os.environ["WAREHOUSE_PASSWORD"],
    )


# ward-good: credentials
def legacy_mysql_env():
    return mysql.connector.connect(
        user=os.getenv("MYSQL_USER", "app"),
        password=os.getenv("MYSQL_PASSWORD"),
        host=os.getenv("MYSQL_HOST", "localhost"),
        database="shop",
    )


# ward-good: credentials
def events_store_env():
    return MongoClient(os.environ["MONGO_URI"])


# ward-good: credentials
def cache_from_secret_manager():
    sm = boto3.client("secretsmanager")
    pw = sm.get_secret_value(SecretId="prod/redis")["SecretString"]
    return redis.Redis(host="cache.internal.example.com", password=pw, ssl=True)


# ward-good: credentials
def connect(host, user, password):
    return psycopg2.connect(host=host, user=user, password=password, dbname="app")


# ward-good: credentials
def interactive():
    return psycopg2.connect(host="localhost", user=getpass.getuser(), password=getpass.getpass("DB password: "))


# ward-good: credentials
def engine_from_env():
    return create_engine(os.environ["DATABASE_URL"], pool_pre_ping=True)


# ward-good: credentials
def iam_auth_engine(token_provider):
    # token-based auth: no static password anywhere
    return create_engine("postgresql+psycopg2://etl@db.example.com/reports", connect_args={"password": token_provider()})
