package central

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/orgbackup/pulumi-orgbackup/provider/config"
	"github.com/orgbackup/pulumi-orgbackup/provider/desired"
)

func policyOf(t *testing.T, r desired.Resource, input string) map[string]any {
	t.Helper()
	var doc map[string]any
	require.NoError(t, json.Unmarshal([]byte(r.Inputs[input].(string)), &doc))
	return doc
}

func TestReconcilerInEveryRegion(t *testing.T) {
	plan, _ := planOf(t, "lag-pitr", nil)
	for _, region := range []string{"eu-west-2", "eu-west-1"} {
		sm := find(t, plan, "ca-prod-reconcile-"+region)
		assert.Equal(t, "STANDARD", sm.Inputs["type"])
		assert.Equal(t, desired.Out("ca-prod-role-reconcile-sfn", desired.OutputARN), sm.Inputs["roleArn"])
		assert.Contains(t, sm.Inputs["definition"], "arn:aws:sns:"+region+":111111111111:aws-backup-ca-prod-alerts")

		// A scheduled rule of the default bus: no eventBusName, no pattern.
		rule := find(t, plan, "ca-prod-reconcile-rule-"+region)
		assert.Equal(t, config.DefaultReconciliationSchedule, rule.Inputs["scheduleExpression"])
		assert.NotContains(t, rule.Inputs, "eventBusName")
		assert.NotContains(t, rule.Inputs, "eventPattern")
		target := find(t, plan, "ca-prod-reconcile-rule-"+region+"-target")
		assert.Equal(t, "arn:aws:states:"+region+":111111111111:stateMachine:aws-backup-ca-prod-backup-reconcile",
			target.Inputs["arn"])
		assert.Equal(t, "arn:aws:iam::111111111111:role/aws-backup-ca-prod-backup-ingest-eventbridge", target.Inputs["roleArn"],
			"the role that starts the ingest")
		assert.Equal(t, []string{sm.Name, "ca-prod-role-ingest-eventbridge-policy"}, target.DependsOn)
		// A STANDARD workflow's history is in Step Functions: no log group.
		assert.Equal(t, map[string]any{"level": "OFF"}, sm.Inputs["loggingConfiguration"])
		assert.Equal(t, []string{"ca-prod-role-reconcile-sfn-policy"}, sm.DependsOn)
	}
	for _, r := range plan.Resources {
		assert.NotContains(t, r.Name, "reconcile-logs", "no log group")
		assert.NotContains(t, r.Name, "reconcile-scheduler", "no role of its own for the schedule rule")
	}

	trust := policyOf(t, find(t, plan, "ca-prod-role-reconcile-sfn"), "assumeRolePolicy")
	assert.Equal(t, []any{
		"arn:aws:states:eu-west-1:111111111111:stateMachine:aws-backup-ca-prod-backup-reconcile",
		"arn:aws:states:eu-west-2:111111111111:stateMachine:aws-backup-ca-prod-backup-reconcile",
	}, trust["Statement"].([]any)[0].(map[string]any)["Condition"].(map[string]any)["ArnLike"].(map[string]any)["aws:SourceArn"])

	// The ingest's events role starts the reconcilers too: trusted for the
	// ingest rules and the schedule rules, starting either state machine.
	starter := policyOf(t, find(t, plan, "ca-prod-role-ingest-eventbridge"), "assumeRolePolicy")
	assert.Equal(t, []any{
		"arn:aws:events:eu-west-1:111111111111:rule/aws-backup-ca-prod-backup-reconcile",
		"arn:aws:events:eu-west-1:111111111111:rule/aws-backup-ca-prod/aws-backup-ca-prod-backup-ingest",
		"arn:aws:events:eu-west-2:111111111111:rule/aws-backup-ca-prod-backup-reconcile",
		"arn:aws:events:eu-west-2:111111111111:rule/aws-backup-ca-prod/aws-backup-ca-prod-backup-ingest",
	}, starter["Statement"].([]any)[0].(map[string]any)["Condition"].(map[string]any)["ArnLike"].(map[string]any)["aws:SourceArn"])
	policy := policyOf(t, find(t, plan, "ca-prod-role-ingest-eventbridge-policy"), "policy")
	assert.Equal(t, []any{map[string]any{"Effect": "Allow", "Action": "states:StartExecution", "Resource": []any{
		"arn:aws:states:eu-west-1:111111111111:stateMachine:aws-backup-ca-prod-backup-ingest",
		"arn:aws:states:eu-west-1:111111111111:stateMachine:aws-backup-ca-prod-backup-reconcile",
		"arn:aws:states:eu-west-2:111111111111:stateMachine:aws-backup-ca-prod-backup-ingest",
		"arn:aws:states:eu-west-2:111111111111:stateMachine:aws-backup-ca-prod-backup-reconcile",
	}}}, policy["Statement"])
}

func TestReconcilerInputs(t *testing.T) {
	grace := 48
	plan, _ := planOf(t, "lag-pitr", func(f *config.File) {
		d := f.Config.Deployments["ca-prod"]
		d.Reconciliation = &config.Reconciliation{ScheduleExpression: "cron(30 4 * * ? *)", GracePeriodHours: &grace}
		d.Alerts = &config.Alerts{TopicArns: map[string]string{"eu-west-1": "arn:aws:sns:eu-west-1:111111111111:ops"}}
		f.Config.Deployments["ca-prod"] = d
	})
	assert.Equal(t, "cron(30 4 * * ? *)", find(t, plan, "ca-prod-reconcile-rule-eu-west-2").Inputs["scheduleExpression"])
	def := find(t, plan, "ca-prod-reconcile-eu-west-1").Inputs["definition"].(string)
	assert.Contains(t, def, "arn:aws:sns:eu-west-1:111111111111:ops") // the existing topic of that region
	assert.Contains(t, def, "- 48 * 3600000")
	sfn := policyOf(t, find(t, plan, "ca-prod-role-reconcile-sfn-policy"), "policy")
	var publish map[string]any
	for _, s := range sfn["Statement"].([]any) {
		if st := s.(map[string]any); st["Sid"] == "AllowPublishAlerts" {
			publish = st
		}
	}
	assert.Equal(t, []any{"arn:aws:sns:eu-west-1:111111111111:ops", "arn:aws:sns:eu-west-2:111111111111:aws-backup-ca-prod-alerts"},
		publish["Resource"])
	// The key of the created topic, through SNS for that topic only: no
	// alias names it. The existing topic's key grants its use itself.
	assert.Equal(t, map[string]any{
		"Sid":      "AllowAlertTopicEncryption",
		"Effect":   "Allow",
		"Action":   []any{"kms:Decrypt", "kms:GenerateDataKey*"},
		"Resource": []any{"arn:aws:kms:eu-west-1:111111111111:key/*", "arn:aws:kms:eu-west-2:111111111111:key/*"},
		"Condition": map[string]any{"StringEquals": map[string]any{
			"kms:EncryptionContext:aws:sns:topicArn": "arn:aws:sns:eu-west-2:111111111111:aws-backup-ca-prod-alerts",
			"kms:ViaService":                         []any{"sns.eu-west-1.amazonaws.com", "sns.eu-west-2.amazonaws.com"},
		}},
	}, sfn["Statement"].([]any)[len(sfn["Statement"].([]any))-1])
	for _, st := range sfn["Statement"].([]any) {
		assert.NotEqual(t, "AllowLogDelivery", st.(map[string]any)["Sid"], "no log group to deliver to")
	}
}
