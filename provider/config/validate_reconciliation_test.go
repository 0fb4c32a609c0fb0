package config

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func withReconciliation(r *Reconciliation) Config {
	c := validConfig()
	d := c.Deployments["web"]
	d.Reconciliation = r
	c.Deployments["web"] = d
	return c
}

func TestReconciliationDefaults(t *testing.T) {
	r := validConfig().Deployments["web"].ReconciliationSettings()
	assert.Equal(t, DefaultReconciliationSchedule, r.ScheduleExpression)
	assert.Equal(t, DefaultGracePeriodHours, *r.GracePeriodHours)
	r = withReconciliation(&Reconciliation{GracePeriodHours: intp(48)}).Deployments["web"].ReconciliationSettings()
	assert.Equal(t, DefaultReconciliationSchedule, r.ScheduleExpression)
	assert.Equal(t, 48, *r.GracePeriodHours)
	assert.Empty(t, checkReconciliationSchedule(DefaultReconciliationSchedule))
}

// Rate syntax: https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-rate-expressions.html;
// cron syntax: https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-scheduled-rule-pattern.html.
func TestReconciliationRules(t *testing.T) {
	const path = `deployments["web"].reconciliation`
	cases := []struct {
		name string
		r    Reconciliation
		path string // "" when valid
		msg  string
	}{
		{"one hour", Reconciliation{ScheduleExpression: "rate(1 hour)"}, "", ""},
		{"days", Reconciliation{ScheduleExpression: "rate(2 days)"}, "", ""},
		{"sixty minutes", Reconciliation{ScheduleExpression: "rate(60 minutes)"}, "", ""},
		{"daily cron", Reconciliation{ScheduleExpression: "cron(15 2 * * ? *)"}, "", ""},
		{"bounds", Reconciliation{GracePeriodHours: intp(1)}, "", ""},
		{"plural for one", Reconciliation{ScheduleExpression: "rate(1 hours)"}, path + ".scheduleExpression", "singular for 1"},
		{"singular above one", Reconciliation{ScheduleExpression: "rate(5 hour)"}, path + ".scheduleExpression", "singular for 1"},
		{"too often", Reconciliation{ScheduleExpression: "rate(5 minutes)"}, path + ".scheduleExpression", "more than once an hour"},
		{"cron too often", Reconciliation{ScheduleExpression: "cron(0/5 * * * ? *)"}, path + ".scheduleExpression", "more than once an hour"},
		{"cron fields", Reconciliation{ScheduleExpression: "cron(0 2 * * *)"}, path + ".scheduleExpression", "6"},
		{"neither", Reconciliation{ScheduleExpression: "every day"}, path + ".scheduleExpression", "neither rate"},
		{"zero value", Reconciliation{ScheduleExpression: "rate(0 hours)"}, path + ".scheduleExpression", "neither rate"},
		{"no grace", Reconciliation{GracePeriodHours: intp(0)}, path + ".gracePeriodHours", "between 1 and 168"},
		{"grace too long", Reconciliation{GracePeriodHours: intp(169)}, path + ".gracePeriodHours", "between 1 and 168"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ps := withReconciliation(&tc.r).WithDefaults(testContext).Validate(testContext)
			if tc.path == "" {
				assert.Empty(t, ps)
				return
			}
			if assert.Len(t, ps, 1) {
				assert.Equal(t, tc.path, ps[0].Path)
				assert.Contains(t, ps[0].Message, tc.msg)
			}
		})
	}
}

// An intermediate copy keeps its rule's deleteAfterDays: the reconciler
// must look at it before that, after the grace period and one interval
// (https://docs.aws.amazon.com/securityhub/1.0/APIReference/API_AwsBackupBackupPlanRuleCopyActionsDetails.html).
func TestReconcilerThatLooksTooLateIsWarnedOf(t *testing.T) {
	c := withReconciliation(&Reconciliation{GracePeriodHours: intp(168)})
	var ws Problems
	c.reconciliationWarnings(&ws)
	require.Len(t, ws, 1)
	assert.Equal(t, `deployments["web"].reconciliation`, ws[0].Path)
	assert.Contains(t, ws[0].Message, "174 hours after it was created at the latest")
	assert.Contains(t, ws[0].Message, `plans["gold"].rules[0] keeps its intermediate copies 7 days`)

	ws = nil
	withReconciliation(&Reconciliation{GracePeriodHours: intp(24)}).reconciliationWarnings(&ws)
	assert.Empty(t, ws, "24 hours plus 6 is well inside 7 days")
}
