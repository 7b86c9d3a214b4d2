#!/usr/bin/env bash
# Usage: notify.sh "message"
set -euo pipefail

MSG="${1:?message required}"
HOST=$(hostname -f)

SLACK_WEBHOOK_URL="https://hooks.slack.com/services/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"
DISCORD_WEBHOOK_URL="https://discord.com/api/webhooks/1397071784954428570/7lpUYu-yotiZvFwGUSKzcAzGN2Ryhc_vkY9H9mrunmOTdziuY88kkiaMC0fnWwjD5lTf"
TELEGRAM_BOT_TOKEN="7900795785:AA97K4vgbKk5hny6hkFw1Kf-LIMn4ivJXBg"
TELEGRAM_CHAT_ID="-1001738226154"

payload=$(jq -n --arg t "[$HOST] $MSG" '{text: $t}')
curl -fsS -X POST -H 'Content-Type: application/json' -d "$payload" "$SLACK_WEBHOOK_URL"

curl -fsS -X POST -H 'Content-Type: application/json' \
  -d "$(jq -n --arg c "[$HOST] $MSG" '{content: $c}')" "$DISCORD_WEBHOOK_URL"

curl -fsS "https://api.telegram.org/bot${TELEGRAM_BOT_TOKEN}/sendMessage" \
  --data-urlencode "chat_id=${TELEGRAM_CHAT_ID}" \
  --data-urlencode "text=[$HOST] $MSG"
