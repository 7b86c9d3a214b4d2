# Production image for the Flask web app
FROM python:3.12-slim

WORKDIR /app
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY . .

# ward-expect-next: config
RUN chmod -R 777 /app

# ward-expect-next: config
ENV FLASK_DEBUG=1

# ward-good: config
EXPOSE 8000

# ward-expect-next: config
CMD ["flask", "run", "--host=0.0.0.0", "--port=8000", "--debug"]
