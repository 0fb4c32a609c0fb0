package cost

import (
	"time"

	"github.com/orgbackup/pulumi-orgbackup/provider/config"
)

// HoursPerMonth is the month the estimate prices: 730 hours, as AWS's
// pricing examples count it.
const HoursPerMonth = 730

// RunsPerMonth is how often an EventBridge schedule expression fires in
// HoursPerMonth: exactly for rate(), and for cron() by counting its runs in
// January 2027 (31 days, config.CronRuns) scaled to 730 hours. ok is false
// for a cron expression that restricts the year or that config cannot
// read; the estimate then says so instead of guessing.
func RunsPerMonth(expr string) (runs float64, ok bool) {
	if seconds, isRate := config.RateSeconds(expr); isRate {
		return HoursPerMonth * 3600 / float64(seconds), true
	}
	start := time.Date(2027, time.January, 1, 0, 0, 0, 0, time.UTC)
	count := 0
	if !config.CronRuns(expr, start, start.AddDate(0, 1, 0), func(time.Time) { count++ }) {
		return 0, false
	}
	return float64(count) * HoursPerMonth / (31 * 24), true
}
