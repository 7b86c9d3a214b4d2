environment         = "prod"
region              = "eu-west-1"
vpc_cidr            = "10.42.0.0/16"
availability_zones  = ["eu-west-1a", "eu-west-1b", "eu-west-1c"]

db_instance_class   = "db.r6g.large"
db_username         = "platform_admin"
db_password         = "eI-XUTqWuD3Q6Ry3gi~="

cloudflare_zone_id   = "8ff7ae23843da0d608832bca3bb8d75ee43a4fde56e31c6e797aabaf582e13db"
cloudflare_api_token = "rZCdGiMJ2ERq0WcCAzc4QFstB6fAg6DS3t-XFrxs"

databricks_host  = "https://adb-4417286192837465.5.azuredatabricks.net"
databricks_token = "dapi897e3ffed4c28dbadb5a68fa3246a060"

alert_emails = ["oncall@acme-corp.io"]

tags = {
  team        = "platform"
  cost_center = "cc-1042"
  managed_by  = "terraform"
}
