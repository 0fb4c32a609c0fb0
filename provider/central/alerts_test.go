package central

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/orgbackup/pulumi-orgbackup/provider/config"
	"github.com/orgbackup/pulumi-orgbackup/provider/events"
	"github.com/orgbackup/pulumi-orgbackup/provider/planned"
)

func statements(t *testing.T, policyJSON string) []map[string]any {
	t.Helper()
	var doc struct{ Statement []map[string]any }
	require.NoError(t, json.Unmarshal([]byte(policyJSON), &doc))
	return doc.Statement
}

func ofType(plan Plan, deployment, typ string) []planned.Resource {
	var out []planned.Resource
	for _, r := range plan.Resources {
		if r.Deployment == deployment && r.Type == typ {
			out = append(out, r)
		}
	}
	return out
}

const (
	caProdTopicWest2 = "arn:aws:sns:eu-west-2:111111111111:aws-backup-ca-prod-alerts"
	caProdTopicWest1 = "arn:aws:sns:eu-west-1:111111111111:aws-backup-ca-prod-alerts"
)

// lag-pitr sends its alerts to a created topic in each of its two regions,
// encrypted with the deployment key of the region, with the subscription.
func TestAlertTopicInEveryRegion(t *testing.T) {
	plan, _ := planOf(t, "lag-pitr", nil)
	for region, arn := range map[string]string{"eu-west-2": caProdTopicWest2, "eu-west-1": caProdTopicWest1} {
		topic := find(t, plan, "ca-prod-alert-topic-"+region)
		assert.Equal(t, "aws-backup-ca-prod-alerts", topic.PhysicalName)
		assert.Equal(t, planned.Out("ca-prod-key-"+region, "arn"), topic.Inputs["kmsMasterKeyId"])
		sub := find(t, plan, "ca-prod-alert-topic-"+region+"-subscription-0")
		assert.Equal(t, map[string]any{"topic": planned.Out(topic.Name, "arn"), "protocol": "email",
			"endpoint": "backup-alerts@example.com"}, sub.Inputs)

		policy := statements(t, topic.Inputs["policy"].(string))
		require.Len(t, policy, 2)
		assert.Equal(t, map[string]any{"Service": "events.amazonaws.com"}, policy[0]["Principal"])
		assert.Equal(t, arn, policy[0]["Resource"])
		assert.Equal(t, map[string]any{
			"ArnEquals": map[string]any{"aws:SourceArn": []any{
				"arn:aws:events:" + region + ":111111111111:rule/aws-backup-ca-prod-failed-runs",
				"arn:aws:events:" + region + ":111111111111:rule/aws-backup-ca-prod/aws-backup-ca-prod-failed-jobs",
			}},
			"StringEquals": map[string]any{"aws:SourceAccount": "111111111111"},
		}, policy[0]["Condition"])
		assert.Equal(t, map[string]any{"Service": "cloudwatch.amazonaws.com"}, policy[1]["Principal"])
		alarms := policy[1]["Condition"].(map[string]any)["ArnEquals"].(map[string]any)["aws:SourceArn"].([]any)
		require.Len(t, alarms, 7)
		for _, a := range ofType(plan, "ca-prod", "aws:cloudwatch/metricAlarm:MetricAlarm") {
			if a.Region == region {
				assert.Contains(t, alarms, "arn:aws:cloudwatch:"+region+":111111111111:alarm:"+a.PhysicalName)
			}
		}
	}
	s := plan.Deployments["ca-prod"].Regions["eu-west-1"]
	assert.Equal(t, caProdTopicWest1, s.AlertTopicARN)
	assert.Equal(t, []string{
		"aws-backup-ca-prod-ingest-executions-failed", "aws-backup-ca-prod-ingest-executions-timed-out",
		"aws-backup-ca-prod-ingest-executions-aborted", "aws-backup-ca-prod-forward-rule-failed-invocations",
		"aws-backup-ca-prod-ingest-rule-failed-invocations", "aws-backup-ca-prod-failed-jobs-rule-failed-invocations",
		"aws-backup-ca-prod-failed-runs-rule-failed-invocations",
	}, s.AlarmNames)
}

// The key statement lets EventBridge and CloudWatch use the deployment key
// through SNS for the created topics only, in every region (the key is
// multi-region, one policy).
func TestAlertKeyStatement(t *testing.T) {
	plan, _ := planOf(t, "lag-pitr", func(f *config.File) {
		f.Alerts.TopicArns = map[string]string{"eu-west-1": "arn:aws:sns:eu-west-1:111111111111:ops"}
	})
	for _, key := range []string{"ca-prod-key-eu-west-2", "ca-prod-key-eu-west-1"} {
		policy := statements(t, find(t, plan, key).Inputs["policy"].(string))
		assert.Equal(t, map[string]any{
			"Sid":       "AllowAlertPublishersThroughSNS",
			"Effect":    "Allow",
			"Principal": map[string]any{"Service": []any{"cloudwatch.amazonaws.com", "events.amazonaws.com"}},
			"Action":    []any{"kms:Decrypt", "kms:GenerateDataKey*"},
			"Resource":  "*",
			"Condition": map[string]any{"StringEquals": map[string]any{
				"kms:EncryptionContext:aws:sns:topicArn": caProdTopicWest2,
			}},
		}, policy[len(policy)-1], key)
	}
	// eu-west-1 names an existing topic: nothing created there, no subscription.
	for _, r := range plan.Resources {
		assert.NotContains(t, []string{"ca-prod-alert-topic-eu-west-1", "ca-prod-alert-topic-eu-west-1-subscription-0"}, r.Name)
	}
	assert.Len(t, ofType(plan, "ca-prod", "aws:sns/topicSubscription:TopicSubscription"), 1)
}

// member-stacks: analytics names an existing topic for its only region, so
// nothing is created for it and its key policy has no alert statement;
// payments gets a topic without subscriptions.
func TestExistingTopic(t *testing.T) {
	plan, _ := planOf(t, "member-stacks", nil)
	const existing = "arn:aws:sns:eu-west-2:111111111111:platform-alerts"
	assert.Empty(t, ofType(plan, "analytics", "aws:sns/topic:Topic"))
	assert.Len(t, statements(t, find(t, plan, "analytics-key-eu-west-2").Inputs["policy"].(string)), 5)
	assert.Equal(t, existing, plan.Deployments["analytics"].Regions["eu-west-2"].AlertTopicARN)
	for _, target := range []string{"analytics-failed-jobs-rule-eu-west-2-target", "analytics-failed-runs-rule-eu-west-2-target"} {
		r := find(t, plan, target)
		assert.Equal(t, existing, r.Inputs["arn"])
		assert.Empty(t, r.DependsOn)
	}
	for _, a := range ofType(plan, "analytics", "aws:cloudwatch/metricAlarm:MetricAlarm") {
		assert.Equal(t, []any{existing}, a.Inputs["alarmActions"], a.Name)
	}
	assert.Len(t, ofType(plan, "payments", "aws:sns/topic:Topic"), 1)
	assert.Empty(t, ofType(plan, "payments", "aws:sns/topicSubscription:TopicSubscription"))
	assert.Len(t, statements(t, find(t, plan, "payments-key-eu-west-2").Inputs["policy"].(string)), 6)
}

func TestAlertRulesAndAlarms(t *testing.T) {
	plan, _ := planOf(t, "lag-pitr", nil)
	jobs := find(t, plan, "ca-prod-failed-jobs-rule-eu-west-1")
	assert.Equal(t, planned.Out("ca-prod-event-bus-eu-west-1", "name"), jobs.Inputs["eventBusName"])
	assert.Equal(t, events.FailedJobs().JSON(), jobs.Inputs["eventPattern"])
	runs := find(t, plan, "ca-prod-failed-runs-rule-eu-west-1")
	assert.NotContains(t, runs.Inputs, "eventBusName", "the default bus carries the Step Functions events")
	assert.Equal(t, events.FailedExecutions([]string{
		"arn:aws:states:eu-west-1:111111111111:stateMachine:aws-backup-ca-prod-backup-restore",
		"arn:aws:states:eu-west-1:111111111111:stateMachine:aws-backup-ca-prod-backup-reconcile",
	}).JSON(), runs.Inputs["eventPattern"])

	target := find(t, plan, "ca-prod-failed-jobs-rule-eu-west-1-target")
	assert.Equal(t, caProdTopicWest1, target.Inputs["arn"])
	assert.NotContains(t, target.Inputs, "roleArn", "SNS targets use the topic policy")
	assert.Equal(t, events.JobAlert().InputTemplate,
		target.Inputs["inputTransformer"].(map[string]any)["inputTemplate"])
	assert.Equal(t, []string{"ca-prod-alert-topic-eu-west-1"}, target.DependsOn)

	dims := map[string]map[string]any{}
	for _, a := range ofType(plan, "ca-prod", "aws:cloudwatch/metricAlarm:MetricAlarm") {
		if a.Region != "eu-west-1" {
			continue
		}
		assert.Equal(t, "notBreaching", a.Inputs["treatMissingData"])
		assert.Equal(t, "GreaterThanThreshold", a.Inputs["comparisonOperator"])
		assert.Equal(t, 0, a.Inputs["threshold"])
		assert.Equal(t, []any{caProdTopicWest1}, a.Inputs["alarmActions"])
		dims[a.Inputs["namespace"].(string)+" "+a.Inputs["metricName"].(string)+" "+a.PhysicalName] = a.Inputs["dimensions"].(map[string]any)
	}
	const ingest = "arn:aws:states:eu-west-1:111111111111:stateMachine:aws-backup-ca-prod-backup-ingest"
	assert.Equal(t, map[string]map[string]any{
		"AWS/States ExecutionsFailed aws-backup-ca-prod-ingest-executions-failed":      {"StateMachineArn": ingest},
		"AWS/States ExecutionsTimedOut aws-backup-ca-prod-ingest-executions-timed-out": {"StateMachineArn": ingest},
		"AWS/States ExecutionsAborted aws-backup-ca-prod-ingest-executions-aborted":    {"StateMachineArn": ingest},
		"AWS/Events FailedInvocations aws-backup-ca-prod-forward-rule-failed-invocations": {
			"RuleName": "backup-events-to-aws-backup-ca-prod-event-bus"},
		"AWS/Events FailedInvocations aws-backup-ca-prod-ingest-rule-failed-invocations": {
			"RuleName": "aws-backup-ca-prod-backup-ingest", "EventBusName": "aws-backup-ca-prod"},
		"AWS/Events FailedInvocations aws-backup-ca-prod-failed-jobs-rule-failed-invocations": {
			"RuleName": "aws-backup-ca-prod-failed-jobs", "EventBusName": "aws-backup-ca-prod"},
		"AWS/Events FailedInvocations aws-backup-ca-prod-failed-runs-rule-failed-invocations": {
			"RuleName": "aws-backup-ca-prod-failed-runs"},
	}, dims)
}
