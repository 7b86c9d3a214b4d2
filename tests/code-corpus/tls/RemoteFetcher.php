<?php

namespace App\Services;

use GuzzleHttp\Client;
use Psr\Log\LoggerInterface;

class RemoteFetcher
{
    private Client $http;

    public function __construct(private LoggerInterface $logger)
    {
        $this->http = new Client([
            'base_uri' => 'https://partner.example.com',
            'timeout'  => 10.0,
            'verify'   => false, // ward-expect: tls
        ]);
    }

    public function fetchRaw(string $url): string
    {
        $ch = curl_init($url);
        curl_setopt($ch, CURLOPT_RETURNTRANSFER, true);
        curl_setopt($ch, CURLOPT_SSL_VERIFYPEER, false); // ward-expect: tls
        curl_setopt($ch, CURLOPT_SSL_VERIFYHOST, 0); // ward-expect: tls
        $body = curl_exec($ch);
        curl_close($ch);
        return (string) $body;
    }

    public function postJson(string $url, array $data): string
    {
        $ch = curl_init();
        curl_setopt_array($ch, [
            CURLOPT_URL => $url,
            CURLOPT_POST => true,
            CURLOPT_POSTFIELDS => json_encode($data),
            CURLOPT_HTTPHEADER => ['Content-Type: application/json'],
            CURLOPT_RETURNTRANSFER => true,
            CURLOPT_SSL_VERIFYPEER => false, // ward-expect: tls
        ]);
        $out = curl_exec($ch);
        curl_close($ch);
        return (string) $out;
    }

    public function report(string $id): array
    {
        $res = $this->http->request('GET', "/reports/{$id}", ['verify' => false]); // ward-expect: tls
        return json_decode((string) $res->getBody(), true);
    }

    public function streamContext(string $url): string
    {
        $ctx = stream_context_create([
            'ssl' => [
                'verify_peer' => false, // ward-expect: tls
                'verify_peer_name' => false, // ward-expect: tls
            ],
        ]);
        return file_get_contents($url, false, $ctx);
    }

    // ward-good: tls
    public function fetchVerified(string $url): string
    {
        $ch = curl_init($url);
        curl_setopt($ch, CURLOPT_RETURNTRANSFER, true);
        curl_setopt($ch, CURLOPT_SSL_VERIFYPEER, true);
        curl_setopt($ch, CURLOPT_SSL_VERIFYHOST, 2);
        curl_setopt($ch, CURLOPT_CAINFO, '/etc/ssl/certs/ca-certificates.crt');
        $body = curl_exec($ch);
        curl_close($ch);
        return (string) $body;
    }

    // ward-good: tls
    public function verifiedClient(): Client
    {
        return new Client(['base_uri' => 'https://partner.example.com', 'verify' => '/etc/ssl/partner-ca.pem']);
    }

    // ward-good: tls
    public function reportVerified(string $id): array
    {
        $res = $this->http->request('GET', "/reports/{$id}", ['verify' => true, 'timeout' => 5]);
        return json_decode((string) $res->getBody(), true);
    }

    // ward-good: tls
    public function warn(): void
    {
        $this->logger->warning('Partner asked us to set CURLOPT_SSL_VERIFYPEER => false; refused.');
    }
}
