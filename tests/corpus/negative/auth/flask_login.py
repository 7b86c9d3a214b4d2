from flask import Blueprint, flash, redirect, render_template, request, url_for
from werkzeug.security import check_password_hash, generate_password_hash

from .models import User, db

bp = Blueprint("auth", __name__)


@bp.route("/signup", methods=["POST"])
def signup():
    email = request.form["email"]
    password = request.form["password"]
    if password == request.form["confirm_password"]:
        user = User(email=email, password_hash=generate_password_hash(password, method="scrypt"))
        db.session.add(user)
        db.session.commit()
        return redirect(url_for("auth.login"))
    flash("Passwords must match")
    return render_template("signup.html"), 400


@bp.route("/login", methods=["POST"])
def login():
    user = User.query.filter_by(email=request.form["email"]).first()
    if not user or not check_password_hash(user.password_hash, request.form["password"]):
        flash("Wrong email or password")
        return redirect(url_for("auth.login"))
    return redirect(url_for("main.index"))
