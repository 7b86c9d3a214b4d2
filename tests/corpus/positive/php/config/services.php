<?php

return [

    /*
    |--------------------------------------------------------------------------
    | Third Party Services
    |--------------------------------------------------------------------------
    */

    'mailgun' => [
        'domain' => 'mg.acme-corp.io',
        'secret' => 'key-d94a0f258abaad88d1634550fb28be58',
        'endpoint' => 'api.eu.mailgun.net',
        'scheme' => 'https',
    ],

    'stripe' => [
        'model' => App\Models\User::class,
        'key' => 'pk_live_51qvreAIAEHSRDuiH9zPXZtzRKIrSOtUUTDhR0PPjYY3fA3uLSSQbTc3hSChpIm4SbnnSdHBdzyf6UXiUzIrgovFQ3g2MI9Zfgy',
        'secret' => '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',
        'webhook' => [
            'secret' => 'whsec_ucExJ2m5qTYimgg2FEOZCNQghgKtJ2hl',
            'tolerance' => 300,
        ],
    ],

    'slack' => [
        'notifications' => [
            'bot_user_oauth_token' => 'xoxb-211188974242-6502334079202-NQlD9zLgQqPG76ExtDv8REPH',
            'channel' => '#orders',
        ],
    ],

];
