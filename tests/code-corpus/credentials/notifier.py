import ftplib
import os
import smtplib
from email.message import EmailMessage

import paramiko
from ldap3 import ALL, Connection, Server

SMTP_HOST = "smtp.example.com"


def send_alert(subject, body):
    msg = EmailMessage()
    msg["Subject"] = subject
    msg["From"] = "alerts@example.com"
    msg["To"] = "oncall@example.com"
    msg.set_content(body)
    with smtplib.SMTP(SMTP_HOST, 587) as s:
        s.starttls()
        s.login("alerts@example.com", "p4ss-example-smtp")  # ward-expect: credentials
        s.send_message(msg)


def upload_report(path):
    ftp = ftplib.FTP("ftp.partner.example.com")
    ftp.login(user="acme", passwd="ftp-secret-example")  # ward-expect: credentials
    with open(path, "rb") as fh:
        ftp.storbinary(f"STOR {os.path.basename(path)}", fh)
    ftp.quit()


def restart_service(host):
    client = paramiko.SSHClient()
    client.set_missing_host_key_policy(paramiko.RejectPolicy())
    client.connect(host, username="deploy", password="deploy-pw-example")  # ward-expect: credentials
    client.exec_command("sudo systemctl restart app")
    client.close()


def directory_lookup(uid):
    server = Server("ldaps://ldap.example.com", get_info=ALL)
    conn = Connection(server, "cn=admin,dc=example,dc=com", "ldap-admin-example", auto_bind=True)  # ward-expect: credentials
    conn.search("dc=example,dc=com", f"(uid={uid})")
    return conn.entries


# ward-good: credentials
def send_alert_env(msg: EmailMessage):
    with smtplib.SMTP(SMTP_HOST, 587) as s:
        s.starttls()
        s.login(os.environ["SMTP_USER"], os.environ["SMTP_PASSWORD"])
        s.send_message(msg)


# ward-good: credentials
def restart_service_key(host):
    client = paramiko.SSHClient()
    client.load_system_host_keys()
    client.connect(host, username="deploy", key_filename=os.path.expanduser("~/.ssh/deploy_ed25519"))
    client.exec_command("sudo systemctl restart app")
    client.close()


# ward-good: credentials
def upload_report_env(path):
    with ftplib.FTP_TLS("ftp.partner.example.com") as ftp:
        ftp.login(user=os.environ["FTP_USER"], passwd=os.environ["FTP_PASSWORD"])
        ftp.prot_p()
        with open(path, "rb") as fh:
            ftp.storbinary(f"STOR {os.path.basename(path)}", fh)


# ward-good: credentials
def usage():
    """Set SMTP_PASSWORD in the environment; s.login("user", "password") with literals is rejected in review."""
