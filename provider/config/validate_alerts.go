package config

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
)

// SubscriptionProtocols are the protocols SNS Subscribe takes
// (https://docs.aws.amazon.com/sns/latest/api/API_Subscribe.html).
var SubscriptionProtocols = []string{"application", "email", "email-json", "firehose", "http", "https", "lambda", "sms", "sqs"}

// topicARNPattern is an SNS topic ARN: partition, region, account, and a
// name of 1 to 256 letters, digits, '-' and '_', with ".fifo" for a FIFO
// topic (https://docs.aws.amazon.com/sns/latest/api/API_CreateTopic.html,
// https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonsns.html#amazonsns-resources-for-iam-policies).
var topicARNPattern = regexp.MustCompile(`^arn:([a-z-]+):sns:([a-z0-9-]+):(\d{12}):([A-Za-z0-9_-]{1,256}(\.fifo)?)$`)

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
		}
	}
	for _, region := range sortedKeys(a.TopicArns) {
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
