package config

import (
	"slices"
	"strconv"
	"strings"
	"time"
)

// cronGapHorizon is how far CronMaxGapMinutes follows a schedule: four
// years from cronGapStart hold every month length and day-of-week
// combination the Gregorian calendar repeats within 400 years closely
// enough for schedules that repeat at least yearly (2028 is a leap year).
var (
	cronGapStart   = time.Date(2028, 1, 1, 0, 0, 0, 0, time.UTC)
	cronGapHorizon = cronGapStart.AddDate(4, 0, 0)
)

// CronMaxGapMinutes is the longest time, in minutes, between two
// successive runs of a valid AWS cron expression
// (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-scheduled-rule-pattern.html#eb-cron-expressions),
// in UTC over four years: how old a schedule's last run can be. ok is false
// for an expression that restricts the year, runs fewer than twice in that
// time, or that it cannot read.
func CronMaxGapMinutes(expr string) (minutes int, ok bool) {
	var last time.Time
	gap, runs := 0, 0
	read := CronRuns(expr, cronGapStart, cronGapHorizon, func(run time.Time) {
		if runs > 0 {
			gap = max(gap, int(run.Sub(last).Minutes()))
		}
		last, runs = run, runs+1
	})
	return gap, read && runs >= 2
}

// CronRuns calls visit with every run of a valid AWS cron expression from
// from (included) to to (excluded), in UTC and in order, with AWS's L, W,
// LW, nL and # forms and month and day names. ok is false for an
// expression that restricts the year or that it cannot read; visit is then
// not called.
func CronRuns(expr string, from, to time.Time, visit func(time.Time)) (ok bool) {
	body, found := strings.CutPrefix(expr, "cron(")
	body, found2 := strings.CutSuffix(body, ")")
	fields := strings.Fields(body)
	if !found || !found2 || len(fields) != len(cronFields) || checkCronSyntax(expr) != "" || fields[5] != "*" {
		return false
	}
	minuteSet, ok1 := cronValues(cronFields[0], fields[0])
	hourSet, ok2 := cronValues(cronFields[1], fields[1])
	months, ok3 := cronValues(cronFields[3], fields[3])
	if !ok1 || !ok2 || !ok3 {
		return false
	}
	var times []int // minutes of the day the schedule runs at, sorted
	for _, h := range hourSet {
		for _, m := range minuteSet {
			times = append(times, h*60+m)
		}
	}
	slices.Sort(times)
	first := time.Date(from.Year(), from.Month(), from.Day(), 0, 0, 0, 0, time.UTC)
	// Whether the day fields can be read depends on their text only.
	if _, ok := cronDayMatches(fields[2], fields[4], first); !ok {
		return false
	}
	for day := first; day.Before(to); day = day.AddDate(0, 0, 1) {
		if !slices.Contains(months, int(day.Month())) {
			continue
		}
		if match, _ := cronDayMatches(fields[2], fields[4], day); !match {
			continue
		}
		for _, t := range times {
			if run := day.Add(time.Duration(t) * time.Minute); !run.Before(from) && run.Before(to) {
				visit(run)
			}
		}
	}
	return true
}

// cronValues are the values a minutes, hours or month field takes, sorted;
// ok is false for a form those fields do not have.
func cronValues(f cronField, s string) ([]int, bool) {
	seen := map[int]bool{}
	for _, item := range strings.Split(s, ",") {
		base, stepText, stepped := strings.Cut(item, "/")
		step := 1
		if stepped {
			n, err := strconv.Atoi(stepText)
			if err != nil || n < 1 {
				return nil, false
			}
			step = n
		}
		from, to := f.min, f.max
		if base != "*" {
			lo, hi, isRange := strings.Cut(base, "-")
			a, okA := cronValue(f, lo)
			if !okA {
				return nil, false
			}
			from, to = a, a
			if isRange {
				b, okB := cronValue(f, hi)
				if !okB || b < a {
					return nil, false
				}
				to = b
			} else if stepped {
				to = f.max
			}
		}
		for v := from; v <= to; v += step {
			seen[v] = true
		}
	}
	out := make([]int, 0, len(seen))
	for v := range seen {
		out = append(out, v)
	}
	slices.Sort(out)
	return out, true
}

// cronValue is one value of field f, a number or (months, days of week) a
// name.
func cronValue(f cronField, s string) (int, bool) {
	for i, name := range f.names {
		if strings.EqualFold(s, name) {
			return f.min + i, true
		}
	}
	n, err := strconv.Atoi(s)
	return n, err == nil && n >= f.min && n <= f.max
}

// cronDayMatches tells whether day matches the day-of-month and
// day-of-week fields (one of them "?"), with AWS's L, W, LW, nL and #
// forms; ok is false for a form it cannot read.
func cronDayMatches(dayOfMonth, dayOfWeek string, day time.Time) (match, ok bool) {
	lastDay := day.AddDate(0, 1, -day.Day()).Day()
	if dayOfWeek == "?" {
		for _, item := range strings.Split(dayOfMonth, ",") {
			switch {
			case item == "L":
				match = match || day.Day() == lastDay
			case item == "LW":
				match = match || day.Day() == nearestWeekday(day, lastDay)
			case strings.HasSuffix(item, "W"):
				n, err := strconv.Atoi(strings.TrimSuffix(item, "W"))
				if err != nil {
					return false, false
				}
				match = match || day.Day() == nearestWeekday(day, min(n, lastDay))
			default:
				values, ok := cronValues(cronFields[2], item)
				if !ok {
					return false, false
				}
				match = match || slices.Contains(values, day.Day())
			}
		}
		return match, true
	}
	weekday := int(day.Weekday()) + 1 // SUN is 1
	for _, item := range strings.Split(dayOfWeek, ",") {
		switch {
		case item == "L":
			match = match || weekday == 7
		case strings.HasSuffix(item, "L"):
			d, ok := cronValue(cronFields[4], strings.TrimSuffix(item, "L"))
			if !ok {
				return false, false
			}
			match = match || (weekday == d && day.Day()+7 > lastDay)
		case strings.Contains(item, "#"):
			dayText, nthText, _ := strings.Cut(item, "#")
			d, okDay := cronValue(cronFields[4], dayText)
			nth, err := strconv.Atoi(nthText)
			if !okDay || err != nil {
				return false, false
			}
			match = match || (weekday == d && (day.Day()-1)/7+1 == nth)
		default:
			values, ok := cronValues(cronFields[4], item)
			if !ok {
				return false, false
			}
			match = match || slices.Contains(values, weekday)
		}
	}
	return match, true
}

// nearestWeekday is the day of day's month that a day-of-month "nW" names:
// the weekday nearest to day n, in the same month.
func nearestWeekday(day time.Time, n int) int {
	target := time.Date(day.Year(), day.Month(), n, 0, 0, 0, 0, time.UTC)
	lastDay := day.AddDate(0, 1, -day.Day()).Day()
	switch target.Weekday() {
	case time.Saturday:
		if n == 1 {
			return 3
		}
		return n - 1
	case time.Sunday:
		if n == lastDay {
			return n - 2
		}
		return n + 1
	}
	return n
}
