#!/usr/bin/env bash
# Regenerates events/ with `testex-local generate-event`: one API Gateway event per documented
# route (REST v1 unless named -v2), one EventBridge scheduled event per schedule rule, plus direct
# invocation payloads for the internal functions.
# Every file works on a fresh `testex-local init --sample-data` state (tested in EndToEndTests);
# files under events/invalid/ are requests the API must refuse with a 4xx.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${TESTEX_LOCAL:-.build/debug/testex-local}
[ -x "$bin" ] || swift build --product testex-local
export TESTEX_NOW=2026-11-22T10:00:00Z
gen() { local file=$1; shift; "$bin" generate-event api "$@" > "events/$file"; echo "events/$file"; }
mkdir -p events/api events/invalid events/direct events/schedule
rm -f events/api/*.json events/invalid/*.json events/schedule/*.json

gen api/get-contract.json GET /api/contracts/CT001ABC --as admin
gen api/get-contract-v2.json GET /api/contracts/CT001ABC --as admin --v2
gen api/list-contracts-by-status.json GET '/api/contracts?status=ACTIVE&limit=2' --as admin
gen api/list-contracts-by-client.json GET '/api/contracts?client_id=CL002ABC' --as system
gen api/list-contracts-as-client.json GET /api/contracts --as client:CL001XYZ
gen api/create-contract.json POST /api/contracts --as system \
  --body '{"client_id":"CL002ABC","contract_type":"SUPPLY","start_date":"2026-12-01","end_date":"2027-11-30","value":"4200.00","currency":"GBP","description":"Office supplies"}'
gen api/create-contract-v2.json POST /api/contracts --as admin --v2 \
  --body '{"contract_id":"CT005MNO","client_id":"CL001XYZ","contract_type":"LEASE","start_date":"2026-12-01","end_date":"2028-11-30","value":36000}'
gen api/update-contract.json PUT /api/contracts/CT002DEF --as admin --body '{"value":13000,"expected_version":1}'
gen api/delete-contract.json DELETE /api/contracts/CT004JKL --as admin
gen api/suspend-contract.json POST /api/contracts/CT002DEF/suspend --as admin --body '{"reason":"Invoice dispute"}'
gen api/reactivate-contract.json POST /api/contracts/CT003GHI/reactivate --as admin --body '{"reason":"Payment received"}'
gen api/terminate-contract.json POST /api/contracts/CT001ABC/terminate --as admin \
  --header 'Idempotency-Key: 7d4f1c2a-terminate-CT001ABC' \
  --body '{"reason":"MUTUAL_AGREEMENT","notes":"Agreed < 30 days & confirmed in writing"}'
gen api/terminate-contract-as-client-v2.json POST /api/contracts/CT002DEF/terminate --as client:CL001XYZ --v2 \
  --body '{"reason":"CONVENIENCE"}'
gen api/get-audit.json GET /api/contracts/CT003GHI/audit --as admin
gen api/list-files.json GET /api/contracts/CT002DEF/files --as client:CL001XYZ
gen api/upload-file.json POST /api/contracts/CT001ABC/files --as admin \
  --body '{"filename":"signed contract.pdf","content_type":"application/pdf","content_base64":"JVBERi0xLjQKJcOkw7zDtsOfCjEgMCBvYmoKPDw+PgplbmRvYmoKdHJhaWxlcgo8PD4+CiUlRU9GCg=="}'
printf '%%PDF-1.4\n%% binary upload\n' | gen api/upload-file-binary.json POST '/api/contracts/CT001ABC/files?filename=amendment.pdf' \
  --as admin --header 'Content-Type: application/pdf' --body @- --base64
gen api/download-file.json GET /api/contracts/CT002DEF/files/FLSAMPLE0001 --as admin
gen api/delete-file.json DELETE /api/contracts/CT002DEF/files/FLSAMPLE0001 --as admin
gen api/list-clients.json GET /api/clients --as admin
gen api/create-client.json POST /api/clients --as admin --body '{"name":"Initech","email":"contracts@initech.example","phone":"+1 555 0142"}'
gen api/get-client.json GET /api/clients/CL001XYZ --as client:CL001XYZ
gen api/update-client.json PUT /api/clients/CL002ABC --as admin --body '{"address":"1 Globex Plaza, Cypress Creek"}'
gen api/send-notification.json POST /api/notifications --as system \
  --body '{"template":"system-alert","to":["ops@testex-dev.com"],"values":{"severity":"WARNING","title":"Nightly backup slow","message":"The backup took 42 minutes.","environment":"development"}}'
gen api/list-subscriptions.json GET /api/subscriptions --as system
gen api/create-subscription.json POST /api/subscriptions --as admin \
  --body '{"url":"https://erp.example.com/testex/events","events":["contract.terminated","contract.expired"],"description":"ERP sync"}'
gen api/get-subscription.json GET /api/subscriptions/SBSAMPLE --as admin
gen api/delete-subscription.json DELETE /api/subscriptions/SBSAMPLE --as system
gen api/list-templates.json GET /api/templates --as admin
gen api/get-template.json GET /api/templates/termination-notice --as admin
gen api/list-template-versions.json GET /api/templates/termination-notice/versions --as admin
gen api/put-template.json PUT /api/templates/maintenance-window --as admin \
  --body '{"subject":"Planned maintenance on {{date}}","text":"TESTEX is unavailable on {{date}}, {{window}}.\n","html":"<p>TESTEX is unavailable on <strong>{{date}}</strong>, {{window}}.</p>\n","variables":["date","window"]}'
gen api/preview-template.json POST /api/templates/maintenance-window/preview --as admin \
  --body '{"values":{"date":"2026-12-01","window":"22:00-23:00 UTC","details":"Document uploads pause."}}'
gen api/rollback-template.json POST /api/templates/termination-notice/rollback --as admin --body '{"version":1}'
gen api/delete-template.json DELETE /api/templates/maintenance-window --as admin
gen api/template-upload-url.json POST /api/templates/upload-url --as admin --body '{"expires_in":600}'
gen api/preflight.json OPTIONS /api/contracts

gen invalid/malformed-body.json POST /api/contracts --as admin --body '{"client_id": "CL001XYZ",'
gen invalid/unknown-field.json POST /api/contracts --as admin --body '{"client_id":"CL001XYZ","discount":"50%"}'
gen invalid/bad-dates.json PUT /api/contracts/CT001ABC --as admin --body '{"start_date":"2026-02-30"}'
gen invalid/not-your-contract.json GET /api/contracts/CT003GHI --as client:CL001XYZ
gen invalid/no-credentials.json GET /api/contracts/CT001ABC
gen invalid/wrong-role.json DELETE /api/contracts/CT001ABC --as system
gen invalid/path-traversal-filename.json POST /api/contracts/CT001ABC/files --as admin \
  --body '{"filename":"../../etc/passwd","content_type":"text/plain","content_base64":"aGk="}'
gen invalid/subscription-with-credentials.json POST /api/subscriptions --as admin \
  --body '{"url":"https://user:secret@erp.example.com/hook","events":["*"]}'
gen invalid/template-with-script.json PUT /api/templates/maintenance-window --as admin \
  --body '{"subject":"Notice","text":"Hello {{date}}","html":"<p>{{date}}</p><script>alert(1)</script>","variables":["date"]}'
gen invalid/template-name-traversal.json GET /api/templates/..%2Ftemplates --as admin
gen invalid/template-as-system.json PUT /api/templates/maintenance-window --as system \
  --body '{"subject":"Notice","text":"Hello {{date}}","html":"<p>{{date}}</p>","variables":["date"]}'
gen invalid/terminate-terminated.json POST /api/contracts/CT003GHI/terminate --as admin --body '{"reason":"OTHER","expected_version":99}'

# Each rule as it fires on 2026-11-22 (its own time of day): on the sample data CT004JKL (ended
# 2026-10-31) expires and CT002DEF (ends 2026-12-15) gets its renewal reminder.
sched() { "$bin" generate-event schedule "$1" --at "$2" > "events/schedule/$1.json"; echo "events/schedule/$1.json"; }
sched contract-expiry 2026-11-22T10:00:00Z
sched pending-terminations 2026-11-22T10:00:00Z
sched renewal-reminders 2026-11-22T08:00:00Z
sched file-lifecycle 2026-11-22T03:30:00Z
sched webhook-retries 2026-11-22T10:01:00Z

cat > events/direct/database-manager-get-contract.json <<'JSON'
{
  "operation" : "get_contract",
  "contract_id" : "CT001ABC"
}
JSON
cat > events/direct/database-manager-list-by-status.json <<'JSON'
{
  "operation" : "list_contracts",
  "status" : "ACTIVE",
  "page" : { "limit" : 10 }
}
JSON
# The contracts stream's record of a termination, as the contracts-stream mapping delivers it to
# FileHandler: CT002DEF's backup and archive follow.
before='{"contract_id":"CT002DEF","client_id":"CL001XYZ","contract_type":"MAINTENANCE","status":"ACTIVE","start_date":"2025-06-01","end_date":"2026-12-15","value":12500.5,"currency":"EUR","description":"Yearly maintenance of on-site equipment","created_at":"2026-11-22T10:00:00.000Z","updated_at":"2026-11-22T10:00:00.000Z","version":1}'
after='{"contract_id":"CT002DEF","client_id":"CL001XYZ","contract_type":"MAINTENANCE","status":"TERMINATED","start_date":"2025-06-01","end_date":"2026-12-15","value":12500.5,"currency":"EUR","description":"Yearly maintenance of on-site equipment","termination_reason":"MUTUAL_AGREEMENT","termination_effective_date":"2026-11-22","terminated_at":"2026-11-22T10:00:00.000Z","terminated_by":"ops-script","created_at":"2026-11-22T10:00:00.000Z","updated_at":"2026-11-22T10:00:00.000Z","version":2}'
"$bin" generate-event dynamodb --old "$before" --new "$after" > events/direct/file-handler-stream-terminated.json
echo events/direct/file-handler-stream-terminated.json
# The same record as the contracts-events mapping delivers it to NotificationService: the
# termination notice goes out, and the sample subscription SBSAMPLE gets a contract.terminated
# event (recorded: its URL is not on the loopback).
"$bin" generate-event dynamodb --old "$before" --new "$after" > events/direct/notification-service-stream-terminated.json
echo events/direct/notification-service-stream-terminated.json
cat > events/direct/contract-processor-suspend.json <<'JSON'
{
  "action" : "suspend_contract",
  "caller" : { "sub" : "ops-script", "role" : "admin" },
  "contract_id" : "CT002DEF",
  "fields" : { "reason" : "Audit in progress" }
}
JSON
cat > events/direct/file-handler-list.json <<'JSON'
{
  "action" : "list",
  "caller" : { "sub" : "ops-script", "role" : "admin" },
  "contract_id" : "CT002DEF"
}
JSON
cat > events/direct/notification-service-alert.json <<'JSON'
{
  "template" : "system-alert",
  "to" : [ "ops@testex-dev.com" ],
  "values" : { "severity" : "INFO", "title" : "Test alert", "message" : "Sent by hand.", "environment" : "development" },
  "caller" : { "sub" : "ops-script", "role" : "system" }
}
JSON
cat > events/direct/notification-service-preview-template.json <<'JSON'
{
  "action" : "preview_template",
  "name" : "termination-notice",
  "values" : { "client_name" : "Client Company", "contract_id" : "CT001ABC", "contract_type" : "SERVICE", "reason" : "MUTUAL_AGREEMENT", "effective_date" : "2026-11-22", "notes" : "Agreed on the phone" },
  "caller" : { "sub" : "ops-script", "role" : "admin" }
}
JSON
echo events/direct/notification-service-preview-template.json
# SES's bounce of a message to the mailbox simulator, as SNS delivers it to NotificationService.
cat > events/direct/notification-service-ses-bounce.json <<'JSON'
{
  "Records": [
    {
      "EventSource": "aws:sns",
      "EventVersion": "1.0",
      "EventSubscriptionArn": "arn:aws:sns:us-east-1:123456789012:development-testex-ses-feedback:6b1f0e52-8a3d-4c2e-9f1a-2b3c4d5e6f70",
      "Sns": {
        "Type": "Notification",
        "MessageId": "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d",
        "TopicArn": "arn:aws:sns:us-east-1:123456789012:development-testex-ses-feedback",
        "Subject": null,
        "Message": "{\"eventType\":\"Bounce\",\"bounce\":{\"bounceType\":\"Permanent\",\"bounceSubType\":\"General\",\"bouncedRecipients\":[{\"emailAddress\":\"bounce@simulator.amazonses.com\",\"action\":\"failed\",\"status\":\"5.1.1\",\"diagnosticCode\":\"smtp; 550 5.1.1 user unknown\"}],\"timestamp\":\"2026-11-22T10:00:00.500Z\",\"feedbackId\":\"010001a202b2c6f4-0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d-000000\",\"reportingMTA\":\"dsn; a8-96.smtp-out.amazonses.com\"},\"mail\":{\"timestamp\":\"2026-11-22T10:00:00.000Z\",\"source\":\"noreply@testex-dev.com\",\"sourceArn\":\"arn:aws:ses:us-east-1:123456789012:identity/noreply@testex-dev.com\",\"sendingAccountId\":\"123456789012\",\"messageId\":\"010001a202b2c500-5d6e7f80-91a2-4b3c-8d4e-5f60718293a4-000000\",\"destination\":[\"bounce@simulator.amazonses.com\"],\"headersTruncated\":false,\"headers\":[{\"name\":\"From\",\"value\":\"noreply@testex-dev.com\"},{\"name\":\"To\",\"value\":\"bounce@simulator.amazonses.com\"},{\"name\":\"Subject\",\"value\":\"Contract CT001ABC is now SUSPENDED\"}],\"commonHeaders\":{\"from\":[\"noreply@testex-dev.com\"],\"to\":[\"bounce@simulator.amazonses.com\"],\"messageId\":\"010001a202b2c500-5d6e7f80-91a2-4b3c-8d4e-5f60718293a4-000000\",\"subject\":\"Contract CT001ABC is now SUSPENDED\"},\"tags\":{\"ses:from-domain\":[\"testex-dev.com\"],\"template\":[\"status-update\"]}}}",
        "Timestamp": "2026-11-22T10:00:01.000Z",
        "SignatureVersion": "1",
        "Signature": "EXAMPLE",
        "SigningCertUrl": "https://sns.us-east-1.amazonaws.com/SimpleNotificationService-EXAMPLE.pem",
        "UnsubscribeUrl": "https://sns.us-east-1.amazonaws.com/?Action=Unsubscribe&SubscriptionArn=arn:aws:sns:us-east-1:123456789012:development-testex-ses-feedback:6b1f0e52-8a3d-4c2e-9f1a-2b3c4d5e6f70",
        "MessageAttributes": {}
      }
    }
  ]
}
JSON
ls events/direct/*.json
