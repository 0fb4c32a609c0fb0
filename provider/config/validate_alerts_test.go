package config

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestAlertValidation(t *testing.T) {
	const web = `deployments["web"].alerts`
	email := AlertSubscription{Protocol: "email", Endpoint: "ops@example.com"}
	cases := []struct {
		name    string
		regions []string
		alerts  *Alerts // the component's
		own     *Alerts // the web deployment's
		want    []string
	}{
		{"subscriptions and an existing topic in another region", []string{"eu-west-2", "eu-west-1"},
			&Alerts{Subscriptions: []AlertSubscription{email},
				TopicArns: map[string]string{"eu-west-1": "arn:aws:sns:eu-west-1:111111111111:ops"}}, nil, nil},
		{"every protocol of Subscribe", nil, &Alerts{Subscriptions: []AlertSubscription{
			{"application", "arn:aws:sns:eu-west-2:111111111111:endpoint/GCM/app/1"}, email,
			{"email-json", "ops@example.com"}, {"firehose", "arn:aws:firehose:eu-west-2:111111111111:deliverystream/s"},
			{"http", "http://example.com"}, {"https", "https://example.com"},
			{"lambda", "arn:aws:lambda:eu-west-2:111111111111:function:f"}, {"sms", "+15555550100"},
			{"sqs", "arn:aws:sqs:eu-west-2:111111111111:q"}}}, nil, nil},
		// https://docs.aws.amazon.com/sns/latest/api/API_Publish.html (MessageGroupId)
		{"FIFO topic", nil, nil, &Alerts{TopicArns: map[string]string{"eu-west-2": "arn:aws:sns:eu-west-2:111111111111:ops.fifo"}},
			[]string{web + `.topicArns["eu-west-2"]: "arn:aws:sns:eu-west-2:111111111111:ops.fifo" is a FIFO topic: a ` +
				`publisher must give it a message group id, which CloudWatch alarms and the reconciler do not; name a standard topic`}},
		// Endpoint per protocol: https://docs.aws.amazon.com/sns/latest/api/API_Subscribe.html
		{"endpoints that do not fit their protocol", nil, &Alerts{Subscriptions: []AlertSubscription{
			{"email", "ops"}, {"https", "http://example.com"}, {"sqs", "https://sqs.eu-west-2.amazonaws.com/111111111111/q"},
			{"lambda", "arn:aws:sqs:eu-west-2:111111111111:q"}}}, nil,
			[]string{
				`alerts.subscriptions[0].endpoint: "ops" is not what the email protocol delivers to: an email address`,
				`alerts.subscriptions[1].endpoint: "http://example.com" is not what the https protocol delivers to: a URL beginning with https://`,
				`alerts.subscriptions[2].endpoint: "https://sqs.eu-west-2.amazonaws.com/111111111111/q" is not what the sqs protocol delivers to: the ARN of an Amazon SQS queue (arn:aws:sqs:…)`,
				`alerts.subscriptions[3].endpoint: "arn:aws:sqs:eu-west-2:111111111111:q" is not what the lambda protocol delivers to: the ARN of an AWS Lambda function (arn:aws:lambda:…)`,
			}},
		// https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-service-cross-account.html
		{"topic of another account", nil, nil,
			&Alerts{TopicArns: map[string]string{"eu-west-2": "arn:aws:sns:eu-west-2:222222222222:ops"}},
			[]string{web + `.topicArns["eu-west-2"]: "arn:aws:sns:eu-west-2:222222222222:ops" is a topic of account ` +
				`222222222222: the alert rules deliver to a topic of another account only through an execution role, ` +
				`which OrgBackup does not create; name a topic of the central account 111111111111`}},
		{"unknown protocol and missing endpoint", nil,
			&Alerts{Subscriptions: []AlertSubscription{{Protocol: "slack", Endpoint: "#ops"}, {Protocol: "email"}}}, nil,
			[]string{
				`alerts.subscriptions[0].protocol: "slack" is not an SNS subscription protocol; use one of ` +
					`application, email, email-json, firehose, http, https, lambda, sms, sqs`,
				`alerts.subscriptions[1].endpoint: is required: the address, URL, number or ARN the email subscription delivers to`,
			}},
		{"topic ARNs: unknown region, not an ARN, other partition, other region", []string{"eu-west-2", "eu-west-1"}, nil,
			&Alerts{TopicArns: map[string]string{
				"us-east-1": "arn:aws:sns:us-east-1:111111111111:ops",
				"eu-west-2": "arn:aws:sqs:eu-west-2:111111111111:ops",
				"eu-west-1": "arn:aws-cn:sns:eu-west-1:111111111111:ops",
			}},
			[]string{
				web + `.topicArns["eu-west-1"]: "arn:aws-cn:sns:eu-west-1:111111111111:ops" is in partition "aws-cn"; the component deploys to "aws"`,
				web + `.topicArns["eu-west-2"]: "arn:aws:sqs:eu-west-2:111111111111:ops" is not an SNS topic ARN (arn:aws:sns:eu-west-2:<account>:<topic>)`,
				web + `.topicArns["us-east-1"]: "us-east-1" is not one of the regions (eu-west-2, eu-west-1); name a topic only for a region OrgBackup deploys to`,
			}},
		{"topic of another region", nil, nil,
			&Alerts{TopicArns: map[string]string{"eu-west-2": "arn:aws:sns:eu-west-1:111111111111:ops"}},
			[]string{web + `.topicArns["eu-west-2"]: "arn:aws:sns:eu-west-1:111111111111:ops" is a topic of eu-west-1: ` +
				`EventBridge rules and alarms of eu-west-2 publish to a topic of their own region; name a topic of eu-west-2`}},
		{"subscriptions with no created topic", nil, nil,
			&Alerts{Subscriptions: []AlertSubscription{email},
				TopicArns: map[string]string{"eu-west-2": "arn:aws:sns:eu-west-2:111111111111:ops"}},
			[]string{web + `.subscriptions: subscribe nothing: every region names an existing topic in topicArns, so ` +
				`OrgBackup creates no topic to subscribe to; subscribe to the existing topics instead`}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := validConfig()
			c.Regions = tc.regions
			c.Alerts = tc.alerts
			web := c.Deployments["web"]
			web.Alerts = tc.own
			c.Deployments["web"] = web
			var got []string
			for _, p := range c.WithDefaults(testContext).Validate(testContext) {
				got = append(got, p.String())
			}
			assert.Equal(t, tc.want, got)
		})
	}
}

// The heartbeat alarm covers twice the schedule's interval, within
// CloudWatch's 604,800-second evaluation window
// (https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutMetricAlarm.html).
func TestReconcilerHeartbeat(t *testing.T) {
	for expr, want := range map[string]int{
		"rate(6 hours)":           6 * 3600,
		"rate(1 hour)":            3600,
		"rate(90 minutes)":        5400,
		"rate(1 day)":             86400,
		"rate(3 days)":            3 * 86400,
		"rate(84 hours)":          84 * 3600,
		"cron(0 */6 * * ? *)":     86400,
		"cron(15 3 ? * * *)":      86400,
		"rate(85 hours)":          0,
		"rate(4 days)":            0,
		"cron(0 3 ? * MON-FRI *)": 0,
		"cron(0 3 1 * ? *)":       0,
		"cron(0 3 * 1 ? *)":       0,
		"cron(0 3 * * ? 2027)":    0,
	} {
		period, ok := ReconcilerHeartbeat(expr)
		assert.Equal(t, want > 0, ok, expr)
		if ok {
			assert.Equal(t, want, period, expr)
			assert.LessOrEqual(t, period*HeartbeatEvaluationPeriods, MaxAlarmEvaluationSeconds, expr)
			assert.Zero(t, period%60, "a period is a multiple of 60: %s", expr)
		}
	}
}

func TestReconciliationScheduleTheHeartbeatCannotWatch(t *testing.T) {
	for expr, want := range map[string]string{
		"rate(6 hours)": "",
		"rate(1 week)":  "", // refused by validateReconciliation alone
		"rate(4 days)": `deployments["web"].reconciliation.scheduleExpression: "rate(4 days)" cannot be watched by ` +
			`the reconciler heartbeat alarm, which must see a successful run within twice the schedule's interval and ` +
			`can look back at most 604800 seconds (7 days); use rate(3 days) or more often, or a cron expression that ` +
			`runs every day (day-of-month, month, day-of-week and year * or ?)`,
	} {
		c := validConfig()
		web := c.Deployments["web"]
		web.Reconciliation = &Reconciliation{ScheduleExpression: expr}
		c.Deployments["web"] = web
		var got []string
		for _, p := range c.WithDefaults(testContext).Validate(testContext) {
			if p.Path == `deployments["web"].reconciliation.scheduleExpression` && strings.Contains(p.String(), "heartbeat") {
				got = append(got, p.String())
			}
		}
		if want == "" {
			assert.Empty(t, got, expr)
		} else {
			assert.Equal(t, []string{want}, got, expr)
		}
	}
}

// A deployment whose alerts reach nobody in a region warns, naming the
// input to add to (https://docs.aws.amazon.com/sns/latest/api/API_Subscribe.html).
func TestAlertsWithoutSubscribersWarn(t *testing.T) {
	c := validConfig()
	c.Regions = []string{"eu-west-2", "eu-west-1"}
	c.Alerts = &Alerts{TopicArns: map[string]string{"eu-west-1": "arn:aws:sns:eu-west-1:111111111111:ops"}}
	var got []string
	for _, w := range c.WithDefaults(testContext).Warnings(testContext) {
		got = append(got, w.String())
	}
	assert.Equal(t, []string{`deployments["web"].alerts: the web deployment's alert topic "backup-web-alerts" in ` +
		`eu-west-2 has no subscriptions, so its alerts reach nobody; add subscriptions (e.g. {protocol: email, ` +
		`endpoint: backup-alerts@example.com}, then confirm the email SNS sends) to deployments["web"].alerts or ` +
		`the component's alerts, or name an existing topic for eu-west-2 in topicArns`}, got)

	c.Alerts.TopicArns["eu-west-2"] = "arn:aws:sns:eu-west-2:111111111111:ops"
	assert.Empty(t, c.WithDefaults(testContext).Warnings(testContext), "existing topics everywhere")
	c.Alerts = &Alerts{Subscriptions: []AlertSubscription{{Protocol: "email", Endpoint: "ops@example.com"}}}
	assert.Empty(t, c.WithDefaults(testContext).Warnings(testContext), "subscribed")
}
