package config

import (
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// Reconciler defaults.
const (
	// DefaultReconciliationSchedule runs the reconciler four times a day: a
	// copy the ingest missed is started at most six hours after its grace
	// period, well before a short member retention could expire it.
	DefaultReconciliationSchedule = "rate(6 hours)"
	// DefaultGracePeriodHours leaves a day to the ingest: a recovery point
	// keeps the creation date of its source backup
	// (https://docs.aws.amazon.com/aws-backup/latest/devguide/recov-point-create-a-copy.html),
	// so the period covers the backup and the member → intermediate copy,
	// which for large resources take hours.
	DefaultGracePeriodHours = 24
	// MaxGracePeriodHours is a week: a recovery point not copied by then is
	// in the intermediate vault only, which is force-destroyable.
	MaxGracePeriodHours = 168
)

// ReconciliationSettings is the deployment's reconciliation with the defaults applied.
func (d Deployment) ReconciliationSettings() Reconciliation {
	r := Reconciliation{ScheduleExpression: DefaultReconciliationSchedule}
	grace := DefaultGracePeriodHours
	if d.Reconciliation != nil {
		if d.Reconciliation.ScheduleExpression != "" {
			r.ScheduleExpression = d.Reconciliation.ScheduleExpression
		}
		if d.Reconciliation.GracePeriodHours != nil {
			grace = *d.Reconciliation.GracePeriodHours
		}
	}
	r.GracePeriodHours = &grace
	return r
}

// ratePattern is an EventBridge rate expression: a positive value and a
// unit, singular for 1 and plural above
// (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-rate-expressions.html).
var ratePattern = regexp.MustCompile(`^rate\(([1-9][0-9]*) (minute|minutes|hour|hours|day|days)\)$`)

// RateSeconds is the interval, in seconds, of a rate(value unit) schedule
// expression; ok is false for anything else
// (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-scheduled-rule-pattern.html).
func RateSeconds(expr string) (seconds int, ok bool) {
	m := ratePattern.FindStringSubmatch(expr)
	if m == nil {
		return 0, false
	}
	value, _ := strconv.Atoi(m[1]) // the pattern matched digits
	return value * map[string]int{"minute": 60, "hour": 3600, "day": 86400}[strings.TrimSuffix(m[2], "s")], true
}

// validateReconciliation checks deployments[key].reconciliation.
func (c Config) validateReconciliation(ps *Problems, key string) {
	r := c.Deployments[key].Reconciliation
	if r == nil {
		return
	}
	path := fmt.Sprintf("deployments[%q].reconciliation", key)
	if r.GracePeriodHours != nil && (*r.GracePeriodHours < 1 || *r.GracePeriodHours > MaxGracePeriodHours) {
		ps.Add(path+".gracePeriodHours", "%d is not between 1 and %d hours (default %d)", *r.GracePeriodHours,
			MaxGracePeriodHours, DefaultGracePeriodHours)
	}
	if r.ScheduleExpression != "" {
		if msg := checkReconciliationSchedule(r.ScheduleExpression); msg != "" {
			ps.Add(path+".scheduleExpression", "%s", msg)
		}
	}
}

// checkReconciliationSchedule returns why expr is not an EventBridge
// schedule expression running at most hourly, or "". Each run lists the
// intermediate vault and its copy jobs: more often gains nothing, since a
// run within the grace period changes nothing.
func checkReconciliationSchedule(expr string) string {
	if m := ratePattern.FindStringSubmatch(expr); m != nil {
		value, _ := strconv.Atoi(m[1])
		unit := m[2]
		if (value == 1) != (unit == "minute" || unit == "hour" || unit == "day") {
			return fmt.Sprintf("%q: the unit must be singular for 1 and plural above, e.g. rate(1 hour), rate(6 hours)", expr)
		}
		if (unit == "minute" || unit == "minutes") && value < 60 {
			return fmt.Sprintf("%q runs more than once an hour; use rate(1 hour) or less often", expr)
		}
		return ""
	}
	if len(expr) >= 5 && expr[:5] == "cron(" {
		if msg := checkCronSyntax(expr); msg != "" {
			return msg
		}
		if !cronHourlyAtMost(expr) {
			return fmt.Sprintf("%q runs more than once an hour; make the minutes field a single minute", expr)
		}
		return ""
	}
	return fmt.Sprintf("%q is neither rate(value unit) nor cron(minutes hours day-of-month month day-of-week year) "+
		"(https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-scheduled-rule-pattern.html)", expr)
}

// reconciliationWarnings warns of each deployment whose reconciler would
// look at a rule's recovery points only after they expire. An intermediate
// recovery point is a copy without a lifecycle of its own, so it keeps its
// source's, the rule's deleteAfterDays ("If you don't specify a lifecycle,
// AWS Backup applies the lifecycle policy of the source backup to the
// destination backup":
// https://docs.aws.amazon.com/securityhub/1.0/APIReference/API_AwsBackupBackupPlanRuleCopyActionsDetails.html);
// the reconciler first sees it after the grace period and at most one
// schedule interval later.
func (c Config) reconciliationWarnings(ws *Problems) {
	for _, key := range c.DeploymentKeys() {
		d := c.Deployments[key]
		settings := d.ReconciliationSettings()
		intervalSeconds, _ := ReconcilerHeartbeat(settings.ScheduleExpression)
		latestHours := float64(*settings.GracePeriodHours) + float64(intervalSeconds)/3600
		for _, name := range slices.Sorted(maps.Keys(d.Plans)) {
			for i, r := range d.Plans[name].Rules {
				if r.DeleteAfterDays == nil || *r.DeleteAfterDays < 0 || float64(24**r.DeleteAfterDays) > latestHours {
					continue
				}
				ws.Add(fmt.Sprintf("deployments[%q].reconciliation", key),
					"the reconciler looks at a recovery point %g hours after it was created at the latest "+
						"(gracePeriodHours %d plus the schedule's interval), but plans[%q].rules[%d] keeps its "+
						"intermediate copies %d days, so a copy the ingest missed expires before the reconciler "+
						"can start it; lower gracePeriodHours or run the reconciler more often",
					latestHours, *settings.GracePeriodHours, name, i, *r.DeleteAfterDays)
			}
		}
	}
}
