from django.contrib import messages
from django.contrib.auth import authenticate, login
from django.contrib.auth.models import User
from django.shortcuts import redirect, render


def register(request):
    if request.method != "POST":
        return render(request, "auth/register.html")

    username = request.POST["username"]
    password = request.POST["password"]
    confirm_password = request.POST["confirm_password"]

    if password != confirm_password:
        messages.error(request, "Passwords do not match.")
        return render(request, "auth/register.html", status=400)
    if len(password) < 12:
        messages.error(request, "Password must be at least 12 characters.")
        return render(request, "auth/register.html", status=400)

    User.objects.create_user(username=username, password=password)
    return redirect("login")


def sign_in(request):
    username = request.POST.get("username", "")
    password = request.POST.get("password", "")
    user = authenticate(request, username=username, password=password)
    if user is None:
        messages.error(request, "Invalid username or password.")
        return render(request, "auth/login.html", status=401)
    login(request, user)
    return redirect("dashboard")
