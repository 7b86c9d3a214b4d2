variable "environment" {
  type        = string
  description = "Deployment environment (dev, staging, prod)."
}

variable "db_username" {
  type        = string
  description = "Master username for the RDS instance."
  default     = "platform_admin"
}

variable "db_password" {
  type        = string
  description = "Master password for the RDS instance. Set via TF_VAR_db_password."
  sensitive   = true
}

variable "cloudflare_api_token" {
  type      = string
  sensitive = true
}

variable "datadog_api_key" {
  type        = string
  description = "Datadog API key (from the secrets manager)."
  sensitive   = true
}

variable "tags" {
  type    = map(string)
  default = {}
}
