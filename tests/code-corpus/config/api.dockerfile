FROM node:20-alpine

WORKDIR /srv/api
COPY package*.json ./
RUN npm ci --omit=dev
COPY --chown=node:node . .

# ward-good: config
RUN chmod 755 /srv/api/bin/start.sh && chmod 600 /srv/api/config/secrets.json

# ward-good: config
ENV NODE_ENV=production HOST=0.0.0.0 PORT=3000

# ward-good: config
EXPOSE 3000

USER node

# ward-good: config
CMD ["node", "dist/server.js", "--host", "0.0.0.0", "--port", "3000"]
