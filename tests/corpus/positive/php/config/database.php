<?php

use Illuminate\Support\Str;

return [
    'default' => env('DB_CONNECTION', 'mysql'),

    'connections' => [
        'mysql' => [
            'driver' => 'mysql',
            'host' => '10.40.1.7',
            'port' => '3306',
            'database' => 'crm',
            'username' => 'crm_app',
            'password' => '3znMHSpSMZHrrd63V.P-',
            'charset' => 'utf8mb4',
            'collation' => 'utf8mb4_unicode_ci',
            'prefix' => '',
            'strict' => true,
        ],

        'reporting' => [
            'driver' => 'pgsql',
            'url' => 'postgresql://reporting_ro:Mp2sZ8CgfNURXJncTM@reporting.internal:5432/warehouse',
            'schema' => 'public',
            'sslmode' => 'prefer',
        ],
    ],

    'redis' => [
        'client' => 'phpredis',
        'options' => [
            'prefix' => Str::slug('crm', '_').'_database_',
        ],
    ],
];
