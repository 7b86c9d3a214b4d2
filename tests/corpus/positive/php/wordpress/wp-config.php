<?php
/**
 * The base configuration for WordPress
 *
 * @package WordPress
 */

// ** Database settings ** //
define( 'DB_NAME', 'acme_blog' );
define( 'DB_USER', 'acme_blog' );
define( 'DB_PASSWORD', 'vI2zIpPcIKX-kOlMdho' );
define( 'DB_HOST', 'mysql-blog.internal:3306' );
define( 'DB_CHARSET', 'utf8mb4' );
define( 'DB_COLLATE', '' );

/**#@+
 * Authentication unique keys and salts.
 */
define( 'AUTH_KEY',         '1<!iZ_KLk_WBKya*$BF0$ihMV]|>UGGp[jt9y%Yo=*.J7Pem~%k^|TB^.}N&tW-&' );
define( 'SECURE_AUTH_KEY',  'F2QPGvd)Nc&J91MF:cG*fNb#jUW+uk~Eiy48yDcJ,xPsjX+*0y)I>U.n{iyj.>`X' );
define( 'LOGGED_IN_KEY',    '-XHMRJY}NsJ}9c<y)2u-gGlBllJCfI1SA3gQ9jh`M^+625DnRC`K?9l)EF9W>~:[' );
define( 'NONCE_KEY',        'uP/QF7)-U5uO}^wc<:ICs0LDew;;#Gc)D&6RKb8K.jR}J{gI,7PUY(k`}<dMi[^]' );
define( 'AUTH_SALT',        'Njx3M{Qly )c$H-><F<^>5eXZvG:{TP*eXHyzySKy0J?ExNG6vF^ 72&o@LIhUM6' );
define( 'SECURE_AUTH_SALT', '<U4y/eYv:QAVC6;IrKBy.tli>.a#9|SH(I2sXd8cHqC%h&3_CRWu~BWUx7p^Zo~D' );
define( 'LOGGED_IN_SALT',   '{_A|N/}w0yZ*cLs822Gy5?yl)l#ocY3!9I!)}R,d_oTP#w2ApFc3YR{OEI1R[p=&' );
define( 'NONCE_SALT',       '&7Y)HVpW1-1;A3z=Lu%<iX0rpCgepR7jAzuadP(|>U<F051CkO01.Ty(4pdEhKzi' );
/**#@-*/

$table_prefix = 'wp_';

define( 'WP_DEBUG', false );
define( 'AS3CF_SETTINGS', serialize( array(
    'provider' => 'aws',
    'access-key-id' => 'AKIAZOUBWHZJRDUWL4P4',
    'secret-access-key' => '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',
) ) );

if ( ! defined( 'ABSPATH' ) ) {
	define( 'ABSPATH', __DIR__ . '/' );
}

require_once ABSPATH . 'wp-settings.php';
