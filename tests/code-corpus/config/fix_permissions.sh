#!/usr/bin/env bash
# Post-deploy permission fixes for the app host.
set -euo pipefail

APP_DIR=/srv/app
SHARED=/srv/shared

umask 000 # ward-expect: config

chmod -R 777 "$APP_DIR/storage" # ward-expect: config
chmod 777 /var/run/app.sock # ward-expect: config
chmod a+rwx "$SHARED/uploads" # ward-expect: config
find "$APP_DIR/bootstrap/cache" -type d -exec chmod 0777 {} + # ward-expect: config

# ward-good: config
umask 027

# ward-good: config
chmod 755 "$APP_DIR/bin/"*
chmod 600 "$APP_DIR/.env"
chmod -R u=rwX,g=rX,o= "$APP_DIR/storage"
chmod +x "$APP_DIR/bin/console"

# ward-good: config
chown -R www-data:www-data "$SHARED/uploads" && chmod 2775 "$SHARED/uploads"

# ward-good: config
echo "Do not chmod 777 anything here; ask ops for group access instead."

# ward-good: config
# chmod -R 777 "$APP_DIR"   # the old "fix", removed
