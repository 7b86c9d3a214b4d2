<?php

declare(strict_types=1);

const STORAGE = '/var/www/storage/exports';
const ALLOWED_ORIGINS = ['https://app.example.com', 'https://admin.example.com'];

function cors_legacy(): void
{
    header('Access-Control-Allow-Origin: ' . ($_SERVER['HTTP_ORIGIN'] ?? '*'));
    header('Access-Control-Allow-Credentials: true'); // ward-expect: config
}

function download_export(): void
{
    readfile(STORAGE . '/' . $_GET['file']); // ward-expect: config
}

function include_page(): void
{
    include __DIR__ . '/pages/' . $_GET['page'] . '.php'; // ward-expect: config
}

function prepare_cache(string $dir): void
{
    mkdir($dir, 0755, true);
    chmod($dir, 0777); // ward-expect: config
}

function valid_username(string $name): bool
{
    return preg_match('/[a-z0-9_]{3,20}/', $name) === 1; // ward-expect: config
}

// ward-good: config
function cors(): void
{
    $origin = $_SERVER['HTTP_ORIGIN'] ?? '';
    if (in_array($origin, ALLOWED_ORIGINS, true)) {
        header('Access-Control-Allow-Origin: ' . $origin);
        header('Access-Control-Allow-Credentials: true');
        header('Vary: Origin');
    }
}

// ward-good: config
function cors_public(): void
{
    header('Access-Control-Allow-Origin: *');
}

// ward-good: config
function download_export_safe(): void
{
    $path = realpath(STORAGE . '/' . basename((string) ($_GET['file'] ?? '')));
    if ($path === false || strpos($path, STORAGE . '/') !== 0) {
        http_response_code(404);
        return;
    }
    readfile($path);
}

// ward-good: config
function prepare_cache_safe(string $dir): void
{
    if (!is_dir($dir)) {
        mkdir($dir, 0750, true);
    }
    chmod($dir, 0750);
}

// ward-good: config
function valid_username_strict(string $name): bool
{
    return preg_match('/\A[a-z0-9_]{3,20}\z/', $name) === 1;
}
