#!/bin/bash
# Nightly backups: Elasticsearch snapshot, MongoDB dump, Postgres dump.
set -eu

DATE=$(date +%Y-%m-%d)
OUT=/var/backups/acme/$DATE
mkdir -p "$OUT"

# Elasticsearch snapshot
curl -sS -u elastic:MtklKpR0QUOrLVzR14 -X PUT \
  "https://es.internal.acme-corp.io:9200/_snapshot/nightly/snap-$DATE?wait_for_completion=true"

# MongoDB
mongodump --uri "mongodb+srv://backup:cc79JROyAimwylwJPRc@prod-cluster.q9xvz.mongodb.net/app" \
  --gzip --archive="$OUT/mongo.archive.gz"

# Postgres
PGPASSWORD='cy9Fz5sCD3UC2Ps_uyTBp' pg_dump -h pg-primary.internal -U backup -Fc app > "$OUT/app.dump"

# Ship to offsite storage
rclone copy "$OUT" offsite:acme-backups/$DATE --transfers 4
find /var/backups/acme -maxdepth 1 -mtime +14 -exec rm -rf {} +
echo "backup $DATE complete"
