<?php

require __DIR__ . '/bootstrap.php';

$conn = mysqli_connect(getenv('DB_HOST'), getenv('DB_USER'), getenv('DB_PASS'), 'shop');
$pdo = new PDO(getenv('DB_DSN'), getenv('DB_USER'), getenv('DB_PASS'));

function find_user($conn)
{
    $result = mysqli_query($conn, "SELECT * FROM users WHERE id = $_GET[id]"); // ward-expect: injection
    return mysqli_fetch_assoc($result);
}

function find_by_email(PDO $pdo, string $email)
{
    return $pdo->query("SELECT * FROM users WHERE email = '" . $email . "'")->fetch(); // ward-expect: injection
}

function search_products($conn)
{
    $q = $_POST['q'];
    $sql = "SELECT * FROM products WHERE name LIKE '%{$q}%'";
    return $conn->query($sql); // ward-expect: injection
}

function ping_host()
{
    return shell_exec('ping -c 1 ' . $_GET['host']); // ward-expect: injection
}

function convert_file()
{
    system("convert " . $_FILES['img']['tmp_name'] . " /var/www/out/" . $_POST['name'] . ".png"); // ward-expect: injection
}

function list_dir()
{
    exec("ls -la " . $_REQUEST['dir'], $out); // ward-expect: injection
    return $out;
}

function run_backticks()
{
    return `whois {$_GET['domain']}`; // ward-expect: injection
}

function restore_cart()
{
    return unserialize($_COOKIE['cart']); // ward-expect: injection
}

function restore_prefs()
{
    return unserialize(base64_decode($_POST['prefs'])); // ward-expect: injection
}

function calc()
{
    eval('$result = ' . $_GET['expr'] . ';'); // ward-expect: injection
    return $result;
}

function import_xml(string $xml)
{
    return simplexml_load_string($xml, 'SimpleXMLElement', LIBXML_NOENT | LIBXML_DTDLOAD); // ward-expect: injection
}

function import_xml_legacy(string $xml)
{
    libxml_disable_entity_loader(false); // ward-expect: injection
    $doc = new DOMDocument();
    $doc->loadXML($xml);
    return $doc;
}

// ward-good: injection
function find_user_safe(mysqli $conn)
{
    $stmt = $conn->prepare('SELECT * FROM users WHERE id = ?');
    $stmt->bind_param('i', $_GET['id']);
    $stmt->execute();
    return $stmt->get_result()->fetch_assoc();
}

// ward-good: injection
function find_by_email_safe(PDO $pdo, string $email)
{
    $stmt = $pdo->prepare('SELECT * FROM users WHERE email = :email');
    $stmt->execute(['email' => $email]);
    return $stmt->fetch();
}

// ward-good: injection
function ping_host_safe()
{
    return shell_exec('ping -c 1 ' . escapeshellarg($_GET['host']));
}

// ward-good: injection
function restore_cart_safe()
{
    return json_decode($_COOKIE['cart'] ?? '[]', true, 16, JSON_THROW_ON_ERROR);
}

// ward-good: injection
function restore_cached(string $path)
{
    // our own cache file, written by this process
    return unserialize(file_get_contents($path), ['allowed_classes' => false]);
}

// ward-good: injection
function import_xml_safe(string $xml)
{
    return simplexml_load_string($xml, 'SimpleXMLElement', LIBXML_NONET);
}

// ward-good: injection
function disk_free()
{
    return shell_exec('df -h /');
}

// ward-good: injection
function log_search(string $q)
{
    error_log("SELECT * FROM products WHERE name LIKE '%{$q}%' took too long");
}
