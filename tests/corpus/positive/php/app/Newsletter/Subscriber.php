<?php

namespace App\Newsletter;

use MailchimpMarketing\ApiClient;

class Subscriber
{
    private const LIST_ID = '4354129dad';

    private ApiClient $client;

    public function __construct()
    {
        $this->client = new ApiClient();
        $this->client->setConfig([
            'apiKey' => '2fa0c67ada19dd9ed7ea8330af040f53-us12',
            'server' => 'us12',
        ]);
    }

    public function subscribe(string $email, array $tags = []): void
    {
        $this->client->lists->setListMember(self::LIST_ID, md5(strtolower($email)), [
            'email_address' => $email,
            'status_if_new' => 'subscribed',
            'tags' => $tags,
        ]);
    }
}
