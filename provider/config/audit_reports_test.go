package config

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func auditedConfig(a *AuditReports) Config {
	c := validConfig()
	d := c.Deployments["web"]
	d.AuditReports = a
	c.Deployments["web"] = d
	return c.WithDefaults(testContext)
}

func TestAuditReportsOffByDefault(t *testing.T) {
	c := validConfig().WithDefaults(testContext)
	assert.Nil(t, c.AuditReportsSettings(testContext, "web"))
	assert.Empty(t, c.AuditedDeployments())
}

// The report bucket's retention defaults to the deployment's
// maxRetentionDays, its name to the central name, lower case, and the
// account.
func TestAuditReportsDefaults(t *testing.T) {
	c := auditedConfig(&AuditReports{ConfigRecordingConfirmed: true})
	a := c.AuditReportsSettings(testContext, "web")
	require.NotNil(t, a)
	assert.Equal(t, 365, *a.ReportRetentionDays)
	assert.Equal(t, "backup-web-reports-111111111111", a.BucketName)
	assert.Equal(t, []string{"web"}, c.AuditedDeployments())
	assert.Empty(t, c.Validate(testContext))
	assert.Empty(t, auditWarnings(c))
}

// auditWarnings are c's warnings of audit reports.
func auditWarnings(c Config) []string {
	var out []string
	for _, w := range problemStrings(c.Warnings(testContext)) {
		if strings.Contains(w, ".auditReports") {
			out = append(out, w)
		}
	}
	return out
}

func TestAuditReportsValidation(t *testing.T) {
	zero := 0
	c := auditedConfig(&AuditReports{ReportRetentionDays: &zero, BucketName: "Reports_Bucket"})
	got := problemStrings(c.Validate(testContext))
	assert.Equal(t, []string{
		`deployments["web"].auditReports.reportRetentionDays: 0 is not between 1 and 36500 days`,
		`deployments["web"].auditReports.bucketName: "Reports_Bucket" is not an S3 bucket name: 3 to 63 lowercase ` +
			`letters, digits, '.' and '-', starting and ending with a letter or digit`,
	}, got)

	// Without maxRetentionDays the retention is required.
	c = auditedConfig(&AuditReports{ConfigRecordingConfirmed: true})
	d := c.Deployments["web"]
	d.MaxRetentionDays = nil
	for name, p := range d.Plans {
		for i := range p.Rules {
			p.Rules[i].DeleteAfterDays = nil
		}
		d.Plans[name] = p
	}
	c.Deployments["web"] = d
	assert.Contains(t, problemStrings(c.Validate(testContext)),
		`deployments["web"].auditReports.reportRetentionDays: is required when the deployment has no maxRetentionDays: `+
			`it is how long the report bucket's compliance-mode Object Lock keeps each report from deletion`)
}

// A default bucket name that S3 refuses asks for a name; a prefix that
// does not start with a letter makes no framework name.
func TestAuditReportsDefaultNamesInvalid(t *testing.T) {
	c := auditedConfig(&AuditReports{ConfigRecordingConfirmed: true})
	c.CentralAccountResourceNamePrefix = "xn__"
	assert.Equal(t, []string{`deployments["web"].auditReports.bucketName: "xn--web-reports-111111111111" starts with ` +
		`"xn--", a prefix S3 reserves (the default, built from centralAccountResourceNamePrefix, the deployment's name ` +
		`and the account id): name the bucket`}, problemStrings(c.Validate(testContext)))

	c.CentralAccountResourceNamePrefix = "1backup-"
	assert.Equal(t, []string{`deployments["web"].auditReports: Audit Manager framework or report plan name ` +
		`"1backup_web_member_controls" may only contain a letter, then letters, digits and '_': the framework and ` +
		`report plan names start with centralAccountResourceNamePrefix and the deployment's name, '-' as '_'`},
		problemStrings(c.Validate(testContext)))
}

func TestAuditReportsBucketsAndQuota(t *testing.T) {
	c := validConfig()
	for _, key := range []string{"a", "b", "c", "d", "e"} {
		d := c.Deployments["web"]
		d.BackupTargets = []string{"ou-abcd-" + strings.Repeat(key, 8)}
		d.AuditReports = &AuditReports{ConfigRecordingConfirmed: true, BucketName: "one-bucket"}
		plans := map[string]Plan{}
		for name, p := range d.Plans {
			plans[key+name] = p
		}
		d.Plans = plans
		c.Deployments[key] = d
	}
	delete(c.Deployments, "web")
	got := problemStrings(c.WithDefaults(testContext).Validate(testContext))
	assert.Equal(t, []string{
		`deployments["b"].auditReports.bucketName: "one-bucket" is deployments["a"]'s report bucket too: each deployment needs a bucket of its own`,
		`deployments["c"].auditReports.bucketName: "one-bucket" is deployments["a"]'s report bucket too: each deployment needs a bucket of its own`,
		`deployments["d"].auditReports.bucketName: "one-bucket" is deployments["a"]'s report bucket too: each deployment needs a bucket of its own`,
		`deployments["e"].auditReports.bucketName: "one-bucket" is deployments["a"]'s report bucket too: each deployment needs a bucket of its own`,
		`deployments: 5 deployments have auditReports, 25 report plans of 5 each in the backup account; AWS Backup ` +
			`allows 20 report plans per account (an adjustable quota: raise it in Service Quotas, or turn auditReports ` +
			`off for some deployments)`,
	}, got)
}

func TestCheckBucketName(t *testing.T) {
	for _, ok := range []string{"abc", "a.b-c", "backup-web-reports-111111111111", strings.Repeat("a", 63)} {
		assert.Empty(t, CheckBucketName(ok), ok)
	}
	for name, want := range map[string]string{
		"ab":                     "is not an S3 bucket name",
		strings.Repeat("a", 64):  "is not an S3 bucket name",
		"Upper":                  "is not an S3 bucket name",
		"-dash":                  "is not an S3 bucket name",
		"dash-":                  "is not an S3 bucket name",
		"a..b":                   "two adjacent periods",
		"192.168.5.4":            "formatted as an IP address",
		"xn--bucket":             `starts with "xn--"`,
		"sthree-bucket":          `starts with "sthree-"`,
		"amzn-s3-demo-bucket":    `starts with "amzn-s3-demo-"`,
		"bucket-s3alias":         `ends with "-s3alias"`,
		"bucket--ol-s3":          `ends with "--ol-s3"`,
		"bucket.mrap":            `ends with ".mrap"`,
		"bucket--x-s3":           `ends with "--x-s3"`,
		"bucket--table-s3":       `ends with "--table-s3"`,
		"under_score":            "is not an S3 bucket name",
		"backup-web-reports-1.2": "",
	} {
		got := CheckBucketName(name)
		if want == "" {
			assert.Empty(t, got, name)
			continue
		}
		assert.Contains(t, got, want, name)
	}
}

// Audit reports without configRecordingConfirmed warn, naming the targets
// and regions to record and the input that confirms it.
func TestAuditReportsWarnWithoutConfigRecording(t *testing.T) {
	c := auditedConfig(&AuditReports{})
	got := auditWarnings(c)
	require.Len(t, got, 1)
	assert.True(t, strings.HasPrefix(got[0], `deployments["web"].auditReports.configRecordingConfirmed: is not true: `+
		`AWS Backup Audit Manager's controls evaluate through AWS Config`), got[0])
	assert.Contains(t, got[0], "every account under ou-abcd-defghijk, in eu-west-2")
	assert.Contains(t, got[0], "set auditReports.configRecordingConfirmed: true; docs/prerequisites.md shows how")
}

func TestCronMaxGapMinutes(t *testing.T) {
	for expr, want := range map[string]int{
		"cron(0 3 ? * * *)":          24 * 60,
		"cron(0 * ? * * *)":          60,
		"cron(30 0/6 ? * * *)":       6 * 60,
		"cron(0 3 ? * 2 *)":          7 * 24 * 60,
		"cron(0 3 ? * MON,THU *)":    4 * 24 * 60, // Thursday to Monday
		"cron(0 3 ? * MON-FRI *)":    3 * 24 * 60, // Friday to Monday
		"cron(0 3 1 * ? *)":          31 * 24 * 60,
		"cron(0 3 L * ? *)":          31 * 24 * 60,
		"cron(0 3 ? * 6#3 *)":        35 * 24 * 60, // the third Friday, 28 or 35 days apart
		"cron(0 3 1 JAN ? *)":        366 * 24 * 60,
		"cron(0 3 1 1,7 ? *)":        184 * 24 * 60,
		"cron(0 0,12 ? * * *)":       12 * 60,
		"cron(0 3 ? * 6L *)":         35 * 24 * 60, // the last Friday
		"cron(0 3 15W * ? *)":        32 * 24 * 60, // Friday the 14th to Monday the 15th of the next month
		"cron(0 3 1-7 * ? *)":        (31 - 6) * 24 * 60,
		"cron(0 3 */10 * ? *)":       10 * 24 * 60, // the 1st, 11th, 21st and 31st
		"cron(0 3 ? * SUN *)":        7 * 24 * 60,
		"cron(0 8,20 ? * 1,2,3,4 *)": 3*24*60 + 12*60, // Wednesday 20:00 to Sunday 08:00
	} {
		got, ok := CronMaxGapMinutes(expr)
		assert.True(t, ok, expr)
		assert.Equal(t, want, got, expr)
	}
	for _, bad := range []string{"rate(1 day)", "cron(0 3 ? * * 2030)", "cron(0 3 30 2 ? *)", "cron(0 3 * * *)"} {
		_, ok := CronMaxGapMinutes(bad)
		assert.False(t, ok, bad)
	}
}
