import smtplib
import socket
import ssl
import urllib.request
from ssl import CERT_NONE, create_default_context

MAIL_HOST = "smtp.example.com"


def open_legacy_url(url):
    ctx = ssl._create_unverified_context()  # ward-expect: tls
    return urllib.request.urlopen(url, context=ctx).read()


def patch_globally():
    ssl._create_default_https_context = ssl._create_unverified_context  # ward-expect: tls


def raw_tls_socket(host, port=443):
    ctx = ssl.create_default_context()
    ctx.check_hostname = False  # ward-expect: tls
    ctx.verify_mode = ssl.CERT_NONE  # ward-expect: tls
    sock = socket.create_connection((host, port))
    return ctx.wrap_socket(sock, server_hostname=host)


def smtp_send(msg):
    context = create_default_context()
    context.check_hostname = False  # ward-expect: tls
    context.verify_mode = CERT_NONE  # ward-expect: tls
    with smtplib.SMTP(MAIL_HOST, 587) as server:
        server.starttls(context=context)
        server.send_message(msg)


def old_style_wrap(sock):
    return ssl.wrap_socket(sock, cert_reqs=ssl.CERT_NONE)  # ward-expect: tls


# ward-good: tls
def open_url(url):
    ctx = ssl.create_default_context()
    return urllib.request.urlopen(url, context=ctx, timeout=10).read()


# ward-good: tls
def raw_tls_socket_verified(host, port=443):
    ctx = ssl.create_default_context()
    ctx.check_hostname = True
    ctx.verify_mode = ssl.CERT_REQUIRED
    ctx.minimum_version = ssl.TLSVersion.TLSv1_2
    return ctx.wrap_socket(socket.create_connection((host, port)), server_hostname=host)


# ward-good: tls
def mtls_server_context():
    # server side: clients without a certificate are allowed on this listener
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain("/etc/app/server.crt", "/etc/app/server.key")
    ctx.verify_mode = ssl.CERT_OPTIONAL
    return ctx


# ward-good: tls
def describe(mode):
    names = {ssl.CERT_REQUIRED: "required", ssl.CERT_OPTIONAL: "optional"}
    return names.get(mode, "CERT_NONE is not allowed in this service")
