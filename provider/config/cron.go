package config

import (
	"fmt"
	"strconv"
	"strings"
)

// cronField is one of the six fields of an AWS cron expression
// (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-scheduled-rule-pattern.html#eb-cron-expressions).
type cronField struct {
	name     string
	min, max int
	names    []string // month or weekday names
	question bool     // "?" allowed
	last     bool     // "L" allowed
	weekday  bool     // "W" allowed
	nth      bool     // "#" allowed
}

var cronFields = []cronField{
	{name: "minutes", min: 0, max: 59},
	{name: "hours", min: 0, max: 23},
	{name: "day-of-month", min: 1, max: 31, question: true, last: true, weekday: true},
	{name: "month", min: 1, max: 12,
		names: []string{"JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"}},
	{name: "day-of-week", min: 1, max: 7, question: true, last: true, nth: true,
		names: []string{"SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"}},
	{name: "year", min: 1970, max: 2199},
}

// checkCron returns why expr is not an AWS cron expression that AWS Backup
// accepts, or "" when it is. Backups run at most hourly, so the minutes
// field must be a single minute.
func checkCron(expr string) string {
	if msg := checkCronSyntax(expr); msg != "" {
		return msg
	}
	if !cronHourlyAtMost(expr) {
		return fmt.Sprintf("%q runs more than once an hour; AWS Backup runs a rule at most hourly, "+
			"so the minutes field must be a single minute", expr)
	}
	return ""
}

// cronHourlyAtMost tells whether a valid cron expression's minutes field
// is a single minute, so that it runs at most once an hour.
func cronHourlyAtMost(expr string) bool {
	_, err := strconv.Atoi(strings.Fields(strings.TrimPrefix(expr, "cron("))[0])
	return err == nil
}

// checkCronSyntax returns why expr is not an AWS cron expression, or "".
func checkCronSyntax(expr string) string {
	body, ok := strings.CutPrefix(expr, "cron(")
	if ok {
		body, ok = strings.CutSuffix(body, ")")
	}
	if !ok {
		return fmt.Sprintf("%q is not of the form cron(minutes hours day-of-month month day-of-week year)", expr)
	}
	fields := strings.Fields(body)
	if len(fields) != len(cronFields) {
		return fmt.Sprintf("%q has %d fields, AWS cron expressions have 6", expr, len(fields))
	}
	for i, f := range cronFields {
		if msg := f.check(fields[i]); msg != "" {
			return fmt.Sprintf("%q: %s field %q %s", expr, f.name, fields[i], msg)
		}
	}
	if (fields[2] == "?") == (fields[4] == "?") {
		return fmt.Sprintf("%q: exactly one of day-of-month and day-of-week must be \"?\"", expr)
	}
	return ""
}

func (f cronField) check(s string) string {
	if s == "?" {
		if f.question {
			return ""
		}
		return "cannot be \"?\""
	}
	for _, item := range strings.Split(s, ",") {
		if msg := f.checkItem(item); msg != "" {
			return msg
		}
	}
	return ""
}

func (f cronField) checkItem(item string) string {
	if base, step, ok := strings.Cut(item, "/"); ok {
		n, err := strconv.Atoi(step)
		if err != nil || n < 1 || n > f.max {
			return fmt.Sprintf("has an invalid increment %q", step)
		}
		if base == "*" {
			return ""
		}
		return f.checkRangeOrValue(base)
	}
	switch {
	case item == "*":
		return ""
	case f.last && item == "L":
		return ""
	case f.weekday && item == "LW":
		return ""
	case f.weekday && strings.HasSuffix(item, "W"):
		return f.checkValue(strings.TrimSuffix(item, "W"))
	case f.last && f.nth && strings.HasSuffix(item, "L"):
		return f.checkValue(strings.TrimSuffix(item, "L"))
	case f.nth && strings.Contains(item, "#"):
		day, nth, _ := strings.Cut(item, "#")
		if n, err := strconv.Atoi(nth); err != nil || n < 1 || n > 5 {
			return fmt.Sprintf("has an invalid occurrence %q (1 to 5)", nth)
		}
		return f.checkValue(day)
	}
	return f.checkRangeOrValue(item)
}

func (f cronField) checkRangeOrValue(s string) string {
	if from, to, ok := strings.Cut(s, "-"); ok {
		if msg := f.checkValue(from); msg != "" {
			return msg
		}
		return f.checkValue(to)
	}
	return f.checkValue(s)
}

func (f cronField) checkValue(s string) string {
	for _, name := range f.names {
		if strings.EqualFold(s, name) {
			return ""
		}
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		return fmt.Sprintf("has an invalid value %q", s)
	}
	if n < f.min || n > f.max {
		return fmt.Sprintf("has %d, outside %d-%d", n, f.min, f.max)
	}
	return ""
}
