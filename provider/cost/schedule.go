package cost

import (
	"strconv"
	"strings"
	"time"

	"github.com/orgbackup/pulumi-orgbackup/provider/config"
)

// HoursPerMonth is the month the estimate prices: 730 hours, as AWS's
// pricing examples count it.
const HoursPerMonth = 730

// RunsPerMonth is how often an EventBridge schedule expression fires in
// HoursPerMonth: exactly for rate(), and for cron() by counting the
// matching minutes of January 2027 (31 days) scaled to 730 hours. ok is
// false for a cron expression this reader does not understand (L, W, #,
// names); the estimate then says so instead of guessing.
func RunsPerMonth(expr string) (runs float64, ok bool) {
	if seconds, isRate := config.RateSeconds(expr); isRate {
		return HoursPerMonth * 3600 / float64(seconds), true
	}
	body, found := strings.CutPrefix(expr, "cron(")
	if !found || !strings.HasSuffix(body, ")") {
		return 0, false
	}
	fields := strings.Fields(strings.TrimSuffix(body, ")"))
	if len(fields) != 6 {
		return 0, false
	}
	limits := [5][2]int{{0, 59}, {0, 23}, {1, 31}, {1, 12}, {1, 7}}
	var sets [5]map[int]bool
	for i := range sets {
		s, ok := cronSet(fields[i], limits[i][0], limits[i][1])
		if !ok {
			return 0, false
		}
		sets[i] = s
	}
	start := time.Date(2027, time.January, 1, 0, 0, 0, 0, time.UTC)
	count := 0
	for t := start; t.Month() == time.January; t = t.Add(time.Minute) {
		if sets[0][t.Minute()] && sets[1][t.Hour()] && sets[2][t.Day()] && sets[3][int(t.Month())] &&
			sets[4][int(t.Weekday())+1] {
			count++
		}
	}
	return float64(count) * HoursPerMonth / (31 * 24), true
}

// cronSet is the values a cron field matches: *, ?, n, a-b, with /step,
// comma-separated.
func cronSet(field string, lo, hi int) (map[int]bool, bool) {
	set := map[int]bool{}
	for _, item := range strings.Split(field, ",") {
		rng, stepText, hasStep := strings.Cut(item, "/")
		step := 1
		if hasStep {
			n, err := strconv.Atoi(stepText)
			if err != nil || n < 1 {
				return nil, false
			}
			step = n
		}
		from, to := lo, hi
		switch {
		case rng == "*" || rng == "?":
		case strings.Contains(rng, "-"):
			a, b, _ := strings.Cut(rng, "-")
			x, err1 := strconv.Atoi(a)
			y, err2 := strconv.Atoi(b)
			if err1 != nil || err2 != nil {
				return nil, false
			}
			from, to = x, y
		default:
			x, err := strconv.Atoi(rng)
			if err != nil {
				return nil, false
			}
			from, to = x, x
			if hasStep {
				to = hi
			}
		}
		if from < lo || to > hi || from > to {
			return nil, false
		}
		for v := from; v <= to; v += step {
			set[v] = true
		}
	}
	return set, true
}
