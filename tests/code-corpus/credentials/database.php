<?php

use PHPMailer\PHPMailer\PHPMailer;

function db(): PDO
{
    $dsn = 'mysql:host=127.0.0.1;dbname=shop;charset=utf8mb4';
    return new PDO($dsn, 'root', 'secret-example-pw', [PDO::ATTR_ERRMODE => PDO::ERRMODE_EXCEPTION]); // ward-expect: credentials
}

function legacy_db()
{
    return mysqli_connect('localhost', 'shop', 'mysqli-example-pw', 'shop'); // ward-expect: credentials
}

function oo_db(): mysqli
{
    return new mysqli('db.internal.example.com', 'app', 'mysqli-oo-example', 'app'); // ward-expect: credentials
}

function mailer(): PHPMailer
{
    $mail = new PHPMailer(true);
    $mail->isSMTP();
    $mail->Host = 'smtp.example.com';
    $mail->SMTPAuth = true;
    $mail->Username = 'noreply@example.com';
    $mail->Password = 'phpmailer-example-pw'; // ward-expect: credentials
    $mail->Port = 587;
    return $mail;
}

function ftp_push(string $file): bool
{
    $conn = ftp_connect('ftp.partner.example.com');
    ftp_login($conn, 'acme', 'ftp-php-example'); // ward-expect: credentials
    return ftp_put($conn, basename($file), $file, FTP_BINARY);
}

// ward-good: credentials
function db_env(): PDO
{
    return new PDO(getenv('DB_DSN'), getenv('DB_USER'), getenv('DB_PASSWORD'));
}

// ward-good: credentials
function legacy_db_env()
{
    return mysqli_connect($_ENV['DB_HOST'], $_ENV['DB_USER'], $_ENV['DB_PASS'], 'shop');
}

// ward-good: credentials
function mailer_env(): PHPMailer
{
    $mail = new PHPMailer(true);
    $mail->isSMTP();
    $mail->Host = 'smtp.example.com';
    $mail->SMTPAuth = true;
    $mail->Username = getenv('SMTP_USER');
    $mail->Password = getenv('SMTP_PASSWORD');
    return $mail;
}

// ward-good: credentials
function db_from_config(array $config): PDO
{
    return new PDO($config['dsn'], $config['user'], $config['password']);
}
