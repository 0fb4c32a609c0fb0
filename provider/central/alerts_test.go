package central

import (
	"encoding/json"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/orgbackup/pulumi-orgbackup/provider/config"
	"github.com/orgbackup/pulumi-orgbackup/provider/desired"
	"github.com/orgbackup/pulumi-orgbackup/provider/events"
)

func statements(t *testing.T, policyJSON string) []map[string]any {
	t.Helper()
	var doc struct{ Statement []map[string]any }
	require.NoError(t, json.Unmarshal([]byte(policyJSON), &doc))
	return doc.Statement
}

func ofType(plan Result, deployment, typ string) []desired.Resource {
	var out []desired.Resource
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
// encrypted with the alerts key of the region, with the subscription.
func TestAlertTopicInEveryRegion(t *testing.T) {
	plan, _ := planOf(t, "lag-pitr", nil)
	for region, arn := range map[string]string{"eu-west-2": caProdTopicWest2, "eu-west-1": caProdTopicWest1} {
		topic := find(t, plan, "ca-prod-alert-topic-"+region)
		assert.Equal(t, "aws-backup-ca-prod-alerts", topic.PhysicalName)
		assert.Equal(t, desired.Out("ca-prod-alerts-key-"+region, desired.OutputARN), topic.Inputs["kmsMasterKeyId"])
		sub := find(t, plan, "ca-prod-alert-topic-"+region+"-subscription-0")
		assert.Equal(t, map[string]any{"topic": desired.Out(topic.Name, desired.OutputARN), "protocol": "email",
			"endpoint": "backup-alerts@example.com"}, sub.Inputs)

		policy := statements(t, topic.Inputs["policy"].(string))
		require.Len(t, policy, 2)
		assert.Equal(t, map[string]any{"Service": "events.amazonaws.com"}, policy[0]["Principal"])
		assert.Equal(t, arn, policy[0]["Resource"])
		// The failed-jobs rule of the deployment's bus, and the restore
		// testing alert rule of the default bus (docs/restore-testing.md).
		assert.Equal(t, map[string]any{
			"ArnEquals": map[string]any{
				"aws:SourceArn": []any{
					"arn:aws:events:" + region + ":111111111111:rule/aws-backup-ca-prod-restore-testing-alerts",
					"arn:aws:events:" + region + ":111111111111:rule/aws-backup-ca-prod/aws-backup-ca-prod-failed-jobs",
				},
			},
			"StringEquals": map[string]any{"aws:SourceAccount": "111111111111"},
		}, policy[0]["Condition"])
		assert.Equal(t, map[string]any{"Service": "cloudwatch.amazonaws.com"}, policy[1]["Principal"])
		alarms := policy[1]["Condition"].(map[string]any)["ArnEquals"].(map[string]any)["aws:SourceArn"].([]any)
		require.Len(t, alarms, 3)
		for _, a := range ofType(plan, "ca-prod", desired.MetricAlarm) {
			if a.Region == region {
				assert.Contains(t, alarms, "arn:aws:cloudwatch:"+region+":111111111111:alarm:"+a.PhysicalName)
			}
		}
	}
	s := plan.Deployments["ca-prod"].Regions["eu-west-1"]
	assert.Equal(t, caProdTopicWest1, s.AlertTopicARN)
	assert.Equal(t, []string{
		"aws-backup-ca-prod-executions-failed", "aws-backup-ca-prod-rules-failed-invocations",
		"aws-backup-ca-prod-reconciler-heartbeat",
	}, s.AlarmNames)
}

// Each created topic has a single-region key of its own, rotated, not
// retained, without an alias: EventBridge and CloudWatch use it through SNS
// for that topic only (the reconciler's role too, with its own policy:
// TestReconcilerInputs). The deployment key's policy is as it was before
// issue 13.
func TestAlertKey(t *testing.T) {
	plan, _ := planOf(t, "lag-pitr", func(f *config.File) {
		f.Alerts.TopicArns = map[string]string{"eu-west-1": "arn:aws:sns:eu-west-1:111111111111:ops"}
	})
	key := find(t, plan, "ca-prod-alerts-key-eu-west-2")
	assert.Equal(t, desired.KMSKey, key.Type)
	assert.Equal(t, "eu-west-2", key.Region)
	assert.Equal(t, true, key.Inputs["enableKeyRotation"])
	assert.Equal(t, false, key.Inputs["multiRegion"])
	assert.False(t, key.RetainOnDelete, "it protects alert messages only")
	policy := statements(t, key.Inputs["policy"].(string))
	require.Len(t, policy, 2)
	assert.Equal(t, "DelegateToIamForOwnerAccount", policy[0]["Sid"])
	assert.Equal(t, map[string]any{"AWS": "arn:aws:iam::111111111111:root"}, policy[0]["Principal"])
	assert.Equal(t, map[string]any{
		"Sid":       "AllowAlertPublishersThroughSNS",
		"Effect":    "Allow",
		"Principal": map[string]any{"Service": []any{"cloudwatch.amazonaws.com", "events.amazonaws.com"}},
		"Action":    []any{"kms:Decrypt", "kms:GenerateDataKey*"},
		"Resource":  "*",
		"Condition": map[string]any{"StringEquals": map[string]any{
			"kms:EncryptionContext:aws:sns:topicArn": caProdTopicWest2,
		}},
	}, policy[1])
	for _, a := range ofType(plan, "ca-prod", desired.KMSAlias) {
		assert.Equal(t, "alias/aws-backup-ca-prod", a.PhysicalName, "the deployment key's alias only")
	}

	// The deployment key is back to its own statements, in every region.
	want := planOfScope(t, plan, "ca-prod")
	for _, name := range []string{"ca-prod-key-eu-west-2", "ca-prod-key-eu-west-1"} {
		assert.JSONEq(t, want, find(t, plan, name).Inputs["policy"].(string), name)
	}
	// eu-west-1 names an existing topic: nothing created there, no subscription, no key.
	for _, r := range plan.Resources {
		assert.NotContains(t, []string{"ca-prod-alert-topic-eu-west-1", "ca-prod-alert-topic-eu-west-1-subscription-0",
			"ca-prod-alerts-key-eu-west-1", "ca-prod-alerts-key-eu-west-1-alias"}, r.Name)
	}
	assert.Len(t, ofType(plan, "ca-prod", desired.SNSTopicSubscription), 1)
}

// planOfScope is the deployment key policy of deployment key, as
// iam.Scope.KeyPolicy writes it.
func planOfScope(t *testing.T, plan Result, key string) string {
	t.Helper()
	for _, r := range plan.Resources {
		if r.Deployment == key && r.Type == desired.KMSKey && r.Inputs["multiRegion"] == true {
			policy := statements(t, r.Inputs["policy"].(string))
			require.Len(t, policy, 4)
			for _, st := range policy {
				assert.NotContains(t, st["Sid"], "Alert")
			}
			return r.Inputs["policy"].(string)
		}
	}
	require.Fail(t, "no deployment key")
	return ""
}

// member-stacks: analytics names an existing topic for its only region, so
// nothing is created for it, and the policies that topic and its key need
// are in the summary for render; payments gets a topic without
// subscriptions, with its key.
func TestExistingTopic(t *testing.T) {
	plan, _ := planOf(t, "member-stacks", nil)
	const existing = "arn:aws:sns:eu-west-2:111111111111:platform-alerts"
	assert.Empty(t, ofType(plan, "analytics", desired.SNSTopic))
	assert.Empty(t, ofType(plan, "analytics", desired.KMSAlias)[1:], "the deployment key's alias only")
	assert.Len(t, statements(t, find(t, plan, "analytics-key-eu-west-2").Inputs["policy"].(string)), 4)
	s := plan.Deployments["analytics"].Regions["eu-west-2"]
	assert.Equal(t, existing, s.AlertTopicARN)
	topicPolicy := statements(t, s.ExistingTopicPolicy)
	require.Len(t, topicPolicy, 2)
	assert.Equal(t, existing, topicPolicy[0]["Resource"])
	keyStatements := statements(t, s.ExistingTopicKeyStatements)
	require.Len(t, keyStatements, 2)
	assert.Equal(t, map[string]any{"StringEquals": map[string]any{"kms:EncryptionContext:aws:sns:topicArn": existing}},
		keyStatements[0]["Condition"])
	assert.Equal(t, map[string]any{
		"ArnEquals": map[string]any{"aws:PrincipalArn": []any{
			"arn:aws:iam::111111111111:role/central-backup-analytics-backup-ingest-sfn",
			"arn:aws:iam::111111111111:role/central-backup-analytics-backup-reconcile-sfn"}},
		"StringEquals": map[string]any{"kms:EncryptionContext:aws:sns:topicArn": existing,
			"kms:ViaService": "sns.eu-west-2.amazonaws.com"},
	}, keyStatements[1]["Condition"])
	target := find(t, plan, "analytics-failed-jobs-rule-eu-west-2-target")
	assert.Equal(t, existing, target.Inputs["arn"])
	assert.Empty(t, target.DependsOn)
	for _, a := range ofType(plan, "analytics", desired.MetricAlarm) {
		assert.Equal(t, []any{existing}, a.Inputs["alarmActions"], a.Name)
	}
	assert.Len(t, ofType(plan, "payments", desired.SNSTopic), 1)
	assert.Empty(t, ofType(plan, "payments", desired.SNSTopicSubscription))
	assert.Len(t, statements(t, find(t, plan, "payments-key-eu-west-2").Inputs["policy"].(string)), 4)
	assert.Equal(t, desired.Out("payments-alerts-key-eu-west-2", desired.OutputARN),
		ofType(plan, "payments", desired.SNSTopic)[0].Inputs["kmsMasterKeyId"])
	assert.Empty(t, plan.Deployments["payments"].Regions["eu-west-2"].ExistingTopicPolicy)
}

// One rule alerts, with a message per event: failed jobs. The state
// machines' executions and the rules' deliveries emit no event of their
// own to alert on (or none on the deployment's bus), so two metric-math
// alarms watch them, each raised by one failure in five minutes of any of
// its metrics (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Create-alarm-on-metric-math-expression.html).
func TestAlertRulesAndAlarms(t *testing.T) {
	plan, _ := planOf(t, "lag-pitr", nil)
	jobs := find(t, plan, "ca-prod-failed-jobs-rule-eu-west-1")
	assert.Equal(t, desired.Out("ca-prod-event-bus-eu-west-1", desired.OutputName), jobs.Inputs["eventBusName"])
	region := plan.Deployments["ca-prod"].Regions["eu-west-1"]
	assert.Equal(t, events.FailedJobs(centralCopies(region)).JSON(), jobs.Inputs["eventPattern"])
	assert.Contains(t, jobs.Inputs["eventPattern"], region.IntermediateVaultARN, "the ingest's failed copies left out")
	var rules []string
	for _, r := range ofType(plan, "ca-prod", desired.EventRule) {
		if r.Region == "eu-west-1" {
			rules = append(rules, r.PhysicalName)
		}
	}
	assert.ElementsMatch(t, []string{"log-to-cloudwatch", "backup-events-to-aws-backup-ca-prod-event-bus",
		"aws-backup-ca-prod-backup-ingest", "aws-backup-ca-prod-backup-reconcile", "aws-backup-ca-prod-failed-jobs",
		"aws-backup-ca-prod-restore-testing-alerts"}, rules,
		"no rule on Step Functions execution events: the executions alarm counts them")

	target := find(t, plan, "ca-prod-failed-jobs-rule-eu-west-1-target")
	assert.Equal(t, caProdTopicWest1, target.Inputs["arn"])
	assert.NotContains(t, target.Inputs, "roleArn", "SNS targets use the topic policy")
	args, ok := desired.ArgsOf[desired.EventTargetArgs](target)
	require.True(t, ok)
	assert.Equal(t, &desired.InputTransformer{InputPaths: events.JobAlert().InputPaths,
		InputTemplate: events.JobAlert().InputTemplate}, args.InputTransformer)
	assert.Equal(t, []string{"ca-prod-alert-topic-eu-west-1"}, target.DependsOn)

	const (
		ingest     = "arn:aws:states:eu-west-1:111111111111:stateMachine:aws-backup-ca-prod-backup-ingest"
		restore    = "arn:aws:states:eu-west-1:111111111111:stateMachine:aws-backup-ca-prod-backup-restore"
		reconciler = "arn:aws:states:eu-west-1:111111111111:stateMachine:aws-backup-ca-prod-backup-reconcile"
	)
	metrics := map[string][]string{}
	var names []string
	for _, a := range ofType(plan, "ca-prod", desired.MetricAlarm) {
		if a.Region != "eu-west-1" {
			continue
		}
		names = append(names, a.PhysicalName)
		assert.Equal(t, []any{caProdTopicWest1}, a.Inputs["alarmActions"])
		assert.Equal(t, []any{caProdTopicWest1}, a.Inputs["okActions"], "tells when the alarm clears")
		assert.LessOrEqual(t, len(a.Inputs["alarmDescription"].(string)), 1024, "PutMetricAlarm's AlarmDescription")
		if a.PhysicalName == "aws-backup-ca-prod-reconciler-heartbeat" {
			continue
		}
		assert.Equal(t, "notBreaching", a.Inputs["treatMissingData"])
		assert.Equal(t, "GreaterThanThreshold", a.Inputs["comparisonOperator"])
		assert.Equal(t, 0, a.Inputs["threshold"])
		assert.Equal(t, 1, a.Inputs["evaluationPeriods"])
		for _, input := range []string{"namespace", "metricName", "dimensions", "period", "statistic"} {
			assert.NotContains(t, a.Inputs, input, "PutMetricAlarm takes Metrics instead")
		}
		queries := a.Inputs["metricQueries"].([]any)
		expression := queries[0].(map[string]any)
		assert.Equal(t, alarmExpressionID, expression["id"])
		assert.Equal(t, true, expression["returnData"], "the one query the alarm watches")
		var terms []string
		for _, q := range queries[1:] {
			q := q.(map[string]any)
			m := q["metric"].(map[string]any)
			assert.Equal(t, false, q["returnData"])
			assert.Regexp(t, `^[a-z][a-z_]*$`, q["id"], "an id of letters and underscores, lower-case first")
			assert.Equal(t, AlarmPeriodSeconds, m["period"])
			assert.Equal(t, "Sum", m["stat"])
			terms = append(terms, "FILL("+q["id"].(string)+", 0)")
			dims := m["dimensions"].(map[string]any)
			what := dims["StateMachineArn"]
			if what == nil {
				what = dims["RuleName"]
				if bus, ok := dims["EventBusName"]; ok {
					what = bus.(string) + "/" + what.(string)
				}
			}
			metrics[a.PhysicalName] = append(metrics[a.PhysicalName], m["namespace"].(string)+" "+m["metricName"].(string)+" "+what.(string))
			assert.Contains(t, a.Inputs["alarmDescription"], strings.TrimPrefix(what.(string)[strings.LastIndex(what.(string), ":")+1:], "aws-backup-ca-prod/"),
				"the description names what it watches")
		}
		assert.Equal(t, strings.Join(terms, " + "), expression["expression"])
		assert.LessOrEqual(t, len(queries)-1, MaxAlarmMetrics)
	}
	assert.Equal(t, []string{"aws-backup-ca-prod-executions-failed", "aws-backup-ca-prod-rules-failed-invocations",
		"aws-backup-ca-prod-reconciler-heartbeat"}, names)
	assert.Equal(t, map[string][]string{
		"aws-backup-ca-prod-executions-failed": {
			"AWS/States ExecutionsFailed " + ingest, "AWS/States ExecutionsTimedOut " + ingest, "AWS/States ExecutionsAborted " + ingest,
			"AWS/States ExecutionsFailed " + restore, "AWS/States ExecutionsTimedOut " + restore, "AWS/States ExecutionsAborted " + restore,
			"AWS/States ExecutionsFailed " + reconciler, "AWS/States ExecutionsTimedOut " + reconciler,
			"AWS/States ExecutionsAborted " + reconciler,
		},
		"aws-backup-ca-prod-rules-failed-invocations": {
			"AWS/Events FailedInvocations backup-events-to-aws-backup-ca-prod-event-bus",
			"AWS/Events FailedInvocations aws-backup-ca-prod/aws-backup-ca-prod-backup-ingest",
			"AWS/Events FailedInvocations aws-backup-ca-prod/aws-backup-ca-prod-failed-jobs",
			"AWS/Events FailedInvocations aws-backup-ca-prod-backup-reconcile",
		},
	}, metrics)
}

// The heartbeat alarm is raised when no reconciler execution succeeded over
// two periods of the schedule's interval (rate(6 hours) by default), no data
// counting as none (https://docs.aws.amazon.com/step-functions/latest/dg/procedure-cw-metrics.html).
func TestReconcilerHeartbeatAlarm(t *testing.T) {
	assert.Equal(t, "3 hours", duration(10800))
	assert.Equal(t, "150 minutes", duration(9000))
	for schedule, period := range map[string]int{"": 6 * 3600, "rate(2 days)": 2 * 86400, "cron(0 3 * * ? *)": 86400} {
		plan, _ := planOf(t, "lag-pitr", func(f *config.File) {
			if schedule != "" {
				d := f.Config.Deployments["ca-prod"]
				d.Reconciliation = &config.Reconciliation{ScheduleExpression: schedule}
				f.Config.Deployments["ca-prod"] = d
			}
		})
		a := find(t, plan, "ca-prod-alarm-reconciler-heartbeat-eu-west-2")
		assert.Equal(t, "aws-backup-ca-prod-reconciler-heartbeat", a.PhysicalName)
		assert.Equal(t, "ExecutionsSucceeded", a.Inputs["metricName"])
		assert.Equal(t, "Sum", a.Inputs["statistic"])
		assert.Equal(t, period, a.Inputs["period"], schedule)
		assert.Equal(t, 2, a.Inputs["evaluationPeriods"])
		assert.LessOrEqual(t, period*2, config.MaxAlarmEvaluationSeconds)
		assert.Equal(t, "LessThanThreshold", a.Inputs["comparisonOperator"])
		assert.Equal(t, 1, a.Inputs["threshold"])
		assert.Equal(t, "breaching", a.Inputs["treatMissingData"])
		assert.Contains(t, a.Inputs["alarmDescription"], "succeeded in "+strconv.Itoa(period*2/3600)+" hours")
	}
}
