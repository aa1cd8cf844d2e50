#!/bin/sh
# `docker run IMAGE server -s3 ...`  -> weed server -s3 ...   (any weed sub-command)
# `docker run IMAGE sh -c '...'`     -> sh -c '...'           (any other command on PATH)
set -e
if [ $# -eq 0 ]; then
  exec /usr/bin/weed server -dir=/data -s3 -s3.port=8333 -s3.config=/etc/seaweedfs/s3.json
fi
case "$1" in
  weed) shift; exec /usr/bin/weed "$@" ;;
  -* | server | master | volume | filer | filer.* | s3 | shell | mount | webdav | iam | sftp | mq.* | admin | worker | \
    version | scaffold | backup | benchmark | upload | download | export | fix | compact | update | autocomplete*)
    exec /usr/bin/weed "$@" ;;
esac
if command -v "$1" >/dev/null 2>&1; then
  exec "$@"
fi
exec /usr/bin/weed "$@"
