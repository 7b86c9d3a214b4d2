# frozen_string_literal: true

require 'open3'
require 'yaml'
require 'shellwords'

class ReportsController < ApplicationController
  def index
    @reports = Report.where("name = '#{params[:name]}'") # ward-expect: injection
  end

  def search
    @reports = Report.where("title LIKE '%" + params[:q] + "%'").order(created_at: :desc) # ward-expect: injection
  end

  def sorted
    @reports = Report.order("#{params[:sort]} #{params[:dir]}") # ward-expect: injection
  end

  def by_owner
    @reports = Report.find_by_sql("SELECT * FROM reports WHERE owner_id = #{params[:owner_id]}") # ward-expect: injection
  end

  def stats
    rows = ActiveRecord::Base.connection.execute("SELECT count(*) FROM reports WHERE status = '#{params[:status]}'") # ward-expect: injection
    render json: rows.first
  end

  def export
    system("pg_dump -t reports app > /tmp/#{params[:file]}.sql") # ward-expect: injection
    send_file "/tmp/#{File.basename(params[:file])}.sql"
  end

  def preview
    output = `wkhtmltopdf #{params[:url]} /tmp/preview.pdf` # ward-expect: injection
    render plain: output
  end

  def thumbnail
    stdout, _status = Open3.capture2("convert #{params[:image]} -resize 200x200 -") # ward-expect: injection
    send_data stdout, type: 'image/png'
  end

  def import
    data = YAML.load(params[:file].read) # ward-expect: injection
    Report.create!(data)
  end

  def restore
    state = Marshal.load(Base64.decode64(cookies[:report_state])) # ward-expect: injection
    render json: state
  end

  def calculate
    render json: { value: eval(params[:formula]) } # ward-expect: injection
  end

  # ward-good: injection
  def index_safe
    @reports = Report.where(name: params[:name])
  end

  # ward-good: injection
  def search_safe
    @reports = Report.where('title LIKE ?', "%#{Report.sanitize_sql_like(params[:q])}%")
  end

  # ward-good: injection
  def sorted_safe
    column = %w[title created_at].include?(params[:sort]) ? params[:sort] : 'created_at'
    @reports = Report.order(column => (params[:dir] == 'asc' ? :asc : :desc))
  end

  # ward-good: injection
  def export_safe
    system('pg_dump', '-t', 'reports', '-f', "/tmp/#{File.basename(params[:file])}.sql", 'app')
  end

  # ward-good: injection
  def thumbnail_safe
    stdout, _status = Open3.capture2('convert', params[:image].to_s, '-resize', '200x200', '-')
    send_data stdout, type: 'image/png'
  end

  # ward-good: injection
  def preview_escaped
    output = `wkhtmltopdf #{Shellwords.escape(params[:url])} /tmp/preview.pdf`
    render plain: output
  end

  # ward-good: injection
  def import_safe
    data = YAML.safe_load(params[:file].read, permitted_classes: [Date])
    Report.create!(data.slice('title', 'body'))
  end

  # ward-good: injection
  def restore_safe
    render json: JSON.parse(cookies.signed[:report_state] || '{}')
  end

  # ward-good: injection
  def audit
    Rails.logger.info("where(\"name = '#{params[:name]}'\") was the old query")
    head :ok
  end
end
