package config

import (
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"

	"github.com/orgbackup/pulumi-orgbackup/provider/naming"
)

// SubscriptionProtocols are the protocols SNS Subscribe takes
// (https://docs.aws.amazon.com/sns/latest/api/API_Subscribe.html).
var SubscriptionProtocols = []string{"application", "email", "email-json", "firehose", "http", "https", "lambda", "sms", "sqs"}

// topicARNPattern is an SNS topic ARN: partition, region, account, and a
// name of 1 to 256 letters, digits, '-' and '_', with ".fifo" for a FIFO
// topic (https://docs.aws.amazon.com/sns/latest/api/API_CreateTopic.html,
// https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonsns.html#amazonsns-resources-for-iam-policies).
var topicARNPattern = regexp.MustCompile(`^arn:([a-z-]+):sns:([a-z0-9-]+):(\d{12}):([A-Za-z0-9_-]{1,256}(\.fifo)?)$`)

// endpointFormat is what a protocol's endpoint must look like: a prefix,
// or (with arnService) the ARN of that service in the partition.
type endpointFormat struct{ prefix, arnService, what string }

// endpointFormats are the endpoints SNS Subscribe documents per protocol
// (https://docs.aws.amazon.com/sns/latest/api/API_Subscribe.html); sms
// takes a phone number, left to SNS.
var endpointFormats = map[string]endpointFormat{
	"email":       {what: "an email address"},
	"email-json":  {what: "an email address"},
	"http":        {prefix: "http://", what: "a URL beginning with http://"},
	"https":       {prefix: "https://", what: "a URL beginning with https://"},
	"sqs":         {arnService: "sqs", what: "the ARN of an Amazon SQS queue"},
	"lambda":      {arnService: "lambda", what: "the ARN of an AWS Lambda function"},
	"firehose":    {arnService: "firehose", what: "the ARN of an Amazon Data Firehose delivery stream"},
	"application": {arnService: "sns", what: "the EndpointArn of a mobile app and device"},
}

func (f endpointFormat) fits(partition, endpoint string) bool {
	switch {
	case f.arnService != "":
		return strings.HasPrefix(endpoint, naming.ServiceARNPrefix(partition, f.arnService))
	case f.prefix != "":
		return strings.HasPrefix(endpoint, f.prefix)
	}
	local, domain, ok := strings.Cut(endpoint, "@")
	return ok && local != "" && strings.Contains(domain, ".")
}

func (f endpointFormat) describe(partition string) string {
	if f.arnService != "" {
		return f.what + " (" + naming.ServiceARNPrefix(partition, f.arnService) + "…)"
	}
	return f.what
}

// validateAlerts checks the component's alerts and each deployment's own.
func (c Config) validateAlerts(ps *Problems, ctx Context) {
	if c.Alerts != nil {
		c.validateAlertsAt(ps, ctx, "alerts", *c.Alerts)
	}
	for _, key := range c.DeploymentKeys() {
		if a := c.Deployments[key].Alerts; a != nil {
			c.validateAlertsAt(ps, ctx, fmt.Sprintf("deployments[%q].alerts", key), *a)
		}
	}
	c.validateAlertsHeartbeat(ps)
}

func (c Config) validateAlertsAt(ps *Problems, ctx Context, path string, a Alerts) {
	for i, s := range a.Subscriptions {
		sub := fmt.Sprintf("%s.subscriptions[%d]", path, i)
		if !slices.Contains(SubscriptionProtocols, s.Protocol) {
			ps.Add(sub+".protocol", "%q is not an SNS subscription protocol; use one of %s", s.Protocol,
				strings.Join(SubscriptionProtocols, ", "))
		}
		if s.Endpoint == "" {
			ps.Add(sub+".endpoint", "is required: the address, URL, number or ARN the %s subscription delivers to", s.Protocol)
		} else if want, ok := endpointFormats[s.Protocol]; ok && !want.fits(ctx.Partition, s.Endpoint) {
			ps.Add(sub+".endpoint", "%q is not what the %s protocol delivers to: %s", s.Endpoint, s.Protocol,
				want.describe(ctx.Partition))
		}
	}
	for _, region := range slices.Sorted(maps.Keys(a.TopicArns)) {
		at := fmt.Sprintf("%s.topicArns[%q]", path, region)
		if !slices.Contains(c.Regions, region) {
			ps.Add(at, "%q is not one of the regions (%s); name a topic only for a region OrgBackup deploys to",
				region, strings.Join(c.Regions, ", "))
		}
		arn := a.TopicArns[region]
		m := topicARNPattern.FindStringSubmatch(arn)
		switch {
		case m == nil:
			ps.Add(at, "%q is not an SNS topic ARN (arn:%s:sns:%s:<account>:<topic>)", arn, ctx.Partition, region)
		case m[1] != ctx.Partition:
			ps.Add(at, "%q is in partition %q; the component deploys to %q", arn, m[1], ctx.Partition)
		case m[2] != region:
			ps.Add(at, "%q is a topic of %s: EventBridge rules and alarms of %s publish to a topic of their own region; "+
				"name a topic of %s", arn, m[2], region, region)
		// A rule's target in another account needs an execution role
		// (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-service-cross-account.html),
		// which OrgBackup does not create, and the key and topic policies an
		// existing topic needs (render's policies-iam/existing-alert-topics)
		// are the central account's to apply.
		// Publishing to a FIFO topic needs a MessageGroupId
		// (https://docs.aws.amazon.com/sns/latest/api/API_Publish.html),
		// which neither the alarms nor the reconciler's publish set.
		case m[5] != "":
			ps.Add(at, "%q is a FIFO topic: a publisher must give it a message group id, which CloudWatch alarms and "+
				"the reconciler do not; name a standard topic", arn)
		case m[3] != ctx.AccountID:
			ps.Add(at, "%q is a topic of account %s: the alert rules deliver to a topic of another account only "+
				"through an execution role, which OrgBackup does not create; name a topic of the central account %s",
				arn, m[3], ctx.AccountID)
		}
	}
	if len(a.Subscriptions) > 0 && len(c.Regions) > 0 && !slices.ContainsFunc(c.Regions, func(r string) bool {
		_, existing := a.TopicArns[r]
		return !existing
	}) {
		ps.Add(path+".subscriptions", "subscribe nothing: every region names an existing topic in topicArns, so "+
			"OrgBackup creates no topic to subscribe to; subscribe to the existing topics instead")
	}
}

// MaxAlarmEvaluationSeconds is the longest window a CloudWatch alarm
// evaluates: Period × EvaluationPeriods of at most 604,800 seconds, 86,400
// when the period is under an hour
// (https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutMetricAlarm.html,
// https://docs.aws.amazon.com/sdk-for-kotlin/api/latest/cloudwatch/aws.sdk.kotlin.services.cloudwatch.model/-put-metric-alarm-request/period.html).
const MaxAlarmEvaluationSeconds = 604800

// HeartbeatEvaluationPeriods is how many schedule intervals the reconciler
// heartbeat alarm looks back: two, so one late or failed run alone does
// not raise it.
const HeartbeatEvaluationPeriods = 2

// ReconcilerHeartbeat is the period, in seconds, of the alarm that tells
// when the reconciler scheduled by expr (a valid reconciliation schedule)
// stops succeeding: the longest interval between two runs, so that
// HeartbeatEvaluationPeriods periods cover at least twice that interval. A
// rate expression runs every value × unit; a cron expression whose
// day-of-month, month, day-of-week and year fields are all * or ? runs
// every day, so at most 86,400 seconds apart
// (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-scheduled-rule-pattern.html).
// ok is false for a schedule whose window would exceed
// MaxAlarmEvaluationSeconds, or a cron expression that skips days.
func ReconcilerHeartbeat(expr string) (periodSeconds int, ok bool) {
	if seconds, isRate := RateSeconds(expr); isRate {
		periodSeconds = seconds
	} else if strings.HasPrefix(expr, "cron(") && strings.HasSuffix(expr, ")") {
		f := strings.Fields(expr[len("cron(") : len(expr)-1])
		all := func(v string) bool { return v == "*" || v == "?" }
		if len(f) == 6 && all(f[2]) && f[3] == "*" && all(f[4]) && f[5] == "*" {
			periodSeconds = 86400
		}
	}
	return periodSeconds, periodSeconds > 0 && periodSeconds*HeartbeatEvaluationPeriods <= MaxAlarmEvaluationSeconds
}

// validateAlertsHeartbeat checks that each deployment's reconciliation
// schedule can be watched by the reconciler heartbeat alarm.
func (c Config) validateAlertsHeartbeat(ps *Problems) {
	for _, key := range c.DeploymentKeys() {
		r := c.Deployments[key].Reconciliation
		if r == nil || r.ScheduleExpression == "" || checkReconciliationSchedule(r.ScheduleExpression) != "" {
			continue
		}
		if _, ok := ReconcilerHeartbeat(r.ScheduleExpression); !ok {
			ps.Add(fmt.Sprintf("deployments[%q].reconciliation.scheduleExpression", key),
				"%q cannot be watched by the reconciler heartbeat alarm, which must see a successful run within twice "+
					"the schedule's interval and can look back at most %d seconds (7 days); use rate(3 days) or more "+
					"often, or a cron expression that runs every day (day-of-month, month, day-of-week and year * or ?)",
				r.ScheduleExpression, MaxAlarmEvaluationSeconds)
		}
	}
}

// alertWarnings warns of each deployment whose alerts, in some region, go
// to a created topic without subscriptions: every alert there reaches
// nobody. Not an error: subscriptions may be added outside OrgBackup.
func (c Config) alertWarnings(ws *Problems) {
	for _, key := range c.DeploymentKeys() {
		a := c.DeploymentAlerts(key)
		if len(a.Subscriptions) > 0 {
			continue
		}
		var silent []string
		for _, region := range c.Regions {
			if _, existing := a.TopicArns[region]; !existing {
				silent = append(silent, region)
			}
		}
		if len(silent) == 0 {
			continue
		}
		ws.Add(fmt.Sprintf("deployments[%q].alerts", key), "the %s deployment's alert topic %q in %s has no "+
			"subscriptions, so its alerts reach nobody; add subscriptions (e.g. {protocol: email, endpoint: "+
			"backup-alerts@example.com}, then confirm the email SNS sends) to deployments[%q].alerts or the "+
			"component's alerts, or name an existing topic for %s in topicArns",
			key, c.Names(key).AlertTopic(), strings.Join(silent, ", "), key, strings.Join(silent, ", "))
	}
}
