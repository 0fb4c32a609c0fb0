package provider

import (
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A stack created again after one was destroyed adopts the report bucket
// the first kept, and its policy, which denies putting another: both are
// imported by the bucket's name, looked up through the primary region's
// provider; the bucket's other configuration is put again. Without a kept
// bucket, nothing is imported.
func TestOrgBackupAdoptsAKeptReportBucket(t *testing.T) {
	const bucket = "aws-backup-ca-prod-reports-111111111111"
	for name, existing := range map[string]bool{"kept": true, "none": false} {
		t.Run(name, func(t *testing.T) {
			args := exampleArgs(t, "lag-pitr")
			m := &mocks{scps: guardsAttached(args), buckets: map[string]bool{bucket: existing}}
			require.NoError(t, pulumi.RunErr(func(ctx *pulumi.Context) error {
				_, err := NewOrgBackup(ctx, "backup", args)
				return err
			}, pulumi.WithMocks("project", "stack", m)))
			imports := map[string]string{}
			for _, c := range m.children {
				if strings.HasPrefix(c.Type, "aws:s3/") {
					imports[c.Name] = c.ImportID
				} else if c.ImportID != "" {
					assert.Contains(t, c.Type, "airGapped", "%s: only air-gapped vaults and the report bucket are adopted", c.Name)
				}
			}
			id := ""
			if existing {
				id = bucket
			}
			assert.Equal(t, map[string]string{
				"backup-ca-prod-reports-bucket":                     id,
				"backup-ca-prod-reports-bucket-policy":              id,
				"backup-ca-prod-reports-bucket-versioning":          "",
				"backup-ca-prod-reports-bucket-object-lock":         "",
				"backup-ca-prod-reports-bucket-encryption":          "",
				"backup-ca-prod-reports-bucket-public-access-block": "",
			}, imports)
		})
	}
}

// The deployments output names the report bucket, the report plans and,
// per region, the backup account's framework; a deployment without
// auditReports has none of them.
func TestAuditReportOutputs(t *testing.T) {
	_, deployments, err := run(exampleArgs(t, "lag-pitr"))
	require.NoError(t, err)
	d := deployments["ca-prod"]
	require.NotNil(t, d.AuditReportBucketName)
	assert.Equal(t, "aws-backup-ca-prod-reports-111111111111", *d.AuditReportBucketName)
	assert.Equal(t, "arn:aws:s3:::aws-backup-ca-prod-reports-111111111111", *d.AuditReportBucketArn)
	assert.Len(t, d.AuditReportPlanArns, 5)
	for _, arn := range d.AuditReportPlanArns {
		assert.Contains(t, arn, "aws:backup/reportPlan:ReportPlan", "the report plan's arn output")
	}
	for _, region := range []string{"eu-west-2", "eu-west-1"} {
		require.NotNil(t, d.Regions[region].AuditFrameworkArn, region)
		assert.Contains(t, *d.Regions[region].AuditFrameworkArn, "audit-central-framework-"+region)
	}

	_, deployments, err = run(exampleArgs(t, "reference"))
	require.NoError(t, err)
	for _, d := range deployments {
		assert.Nil(t, d.AuditReportBucketName)
		assert.Empty(t, d.AuditReportPlanArns)
		for _, r := range d.Regions {
			assert.Nil(t, r.AuditFrameworkArn)
		}
	}
}
