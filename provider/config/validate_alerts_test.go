package config

import (
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
		{"FIFO topic", nil, nil, &Alerts{TopicArns: map[string]string{"eu-west-2": "arn:aws:sns:eu-west-2:222222222222:ops.fifo"}}, nil},
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
