data "aws_secretsmanager_secret_version" "db" {
  secret_id = "prod/platform/db"
}

locals {
  db_creds = jsondecode(data.aws_secretsmanager_secret_version.db.secret_string)
}

resource "random_password" "replica" {
  length  = 32
  special = false
}

resource "aws_db_instance" "main" {
  identifier              = "platform-${var.environment}"
  engine                  = "postgres"
  engine_version          = "16.3"
  instance_class          = "db.r6g.large"
  allocated_storage       = 100
  username                = local.db_creds["username"]
  password                = local.db_creds["password"]
  storage_encrypted       = true
  kms_key_id              = "arn:aws:kms:eu-west-1:757440389256:key/6a3b72e3-0580-428d-8d61-b97e3d8257a9"
  backup_retention_period = 14
  skip_final_snapshot     = false
  tags                    = var.tags
}

output "replica_password" {
  value     = random_password.replica.result
  sensitive = true
}
