// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
#include "cmd/storage_config.h"

#include <filesystem>

#include "common/logging.h"
#include "storage/object_store/cached_object_store.h"
#include "storage/object_store/cloud_object_store.h"

namespace greptime::cmd {
namespace {

Status Require(const Config& config, const std::string& key, const std::string& type) {
  if (config.GetString(key).empty()) {
    return Status::InvalidArguments("{} is required for storage.type = \"{}\"", key, type);
  }
  return Status::OK();
}

storage::HttpClientOptions HttpOptions(const Config& config) {
  storage::HttpClientOptions http;
  auto ms = [](std::chrono::nanoseconds d) {
    return static_cast<int>(std::chrono::duration_cast<std::chrono::milliseconds>(d).count());
  };
  http.connect_timeout_ms = ms(config.GetDuration("storage.http_client.connect_timeout"));
  http.timeout_ms = ms(config.GetDuration("storage.http_client.timeout"));
  http.skip_ssl_validation = config.GetBool("storage.http_client.skip_ssl_validation");
  return http;
}

}  // namespace

Result<std::unique_ptr<storage::ObjectStore>> OpenObjectStore(const Config& config,
                                                              const std::string& data_home) {
  const std::string type = config.GetString("storage.type");
  if (type == "File") return storage::NewFsObjectStore(data_home);

  std::unique_ptr<storage::ObjectStore> remote;
  if (type == "S3") {
    GT_RETURN_IF_ERROR(Require(config, "storage.bucket", type));
    storage::S3Options s3;
    s3.bucket = config.GetString("storage.bucket");
    s3.root = config.GetString("storage.root");
    s3.endpoint = config.GetString("storage.endpoint");
    s3.region = config.GetString("storage.region");
    s3.access_key_id = config.GetString("storage.access_key_id");
    s3.secret_access_key = config.GetString("storage.secret_access_key");
    s3.virtual_host_style = config.GetBool("storage.enable_virtual_host_style");
    s3.http = HttpOptions(config);
    GT_ASSIGN_OR_RETURN(remote, storage::NewS3ObjectStore(std::move(s3)));
  } else if (type == "Azblob") {
    GT_RETURN_IF_ERROR(Require(config, "storage.container", type));
    GT_RETURN_IF_ERROR(Require(config, "storage.account_name", type));
    storage::AzblobOptions az;
    az.container = config.GetString("storage.container");
    az.root = config.GetString("storage.root");
    az.endpoint = config.GetString("storage.endpoint");
    az.account_name = config.GetString("storage.account_name");
    az.account_key = config.GetString("storage.account_key");
    az.sas_token = config.GetString("storage.sas_token");
    if (az.account_key.empty() && az.sas_token.empty()) {
      return Status::InvalidArguments(
          "storage.account_key or storage.sas_token is required for storage.type = \"Azblob\"");
    }
    az.http = HttpOptions(config);
    GT_ASSIGN_OR_RETURN(remote, storage::NewAzblobObjectStore(std::move(az)));
  } else if (type == "Oss" || type == "Gcs") {
    return Status::InvalidArguments(
        "storage.type \"{}\" is not supported; use File, S3 (also for S3-compatible stores) or "
        "Azblob",
        type);
  } else {
    return Status::InvalidArguments(
        "invalid storage.type \"{}\": expected File, S3, Oss, Azblob or Gcs", type);
  }

  const std::string cache_root =
      config.GetString("storage.cache_path").empty() ? data_home
                                                     : config.GetString("storage.cache_path");
  storage::ObjectCacheOptions cache;
  cache.dir = (std::filesystem::path(cache_root) / "object_cache").string();
  cache.capacity_bytes = config.GetSize("storage.cache_capacity");
  cache.fill_on_read = config.GetBool("storage.enable_read_cache");
  cache.fill_on_write = true;  // GreptimeDB forces the write cache on for object stores
  GT_ASSIGN_OR_RETURN(auto cached, storage::NewCachedObjectStore(std::move(remote), cache));
  GT_LOG_INFO("regions are stored in {} (cache {} of {} bytes)", type, cache.dir,
              cache.capacity_bytes);
  return std::unique_ptr<storage::ObjectStore>(std::move(cached));
}

}  // namespace greptime::cmd
