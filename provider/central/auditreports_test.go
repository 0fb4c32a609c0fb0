package central

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/orgbackup/pulumi-orgbackup/provider/config"
	"github.com/orgbackup/pulumi-orgbackup/provider/desired"
)

// lag-pitr's audit reports: the backup account's framework in both
// regions, and in the primary region the report bucket, its configuration
// and policy, all kept on destroy, and the five report plans, which come
// after the bucket's configuration and before its policy.
func TestAuditReportResources(t *testing.T) {
	plan, _ := planOf(t, "lag-pitr", nil)
	counts := countTypes(plan)
	assert.Equal(t, 2, counts[desired.BackupFramework], "the backup account's framework, per region")
	assert.Equal(t, 5, counts[desired.BackupReportPlan])
	for _, typ := range []string{desired.S3Bucket, desired.S3BucketVersioning, desired.S3BucketObjectLock,
		desired.S3BucketEncryption, desired.S3BucketPublicAccessBlock, desired.S3BucketPolicy} {
		assert.Equal(t, 1, counts[typ], typ)
	}

	for _, region := range []string{"eu-west-2", "eu-west-1"} {
		f := find(t, plan, "audit-central-framework-"+region)
		assert.Equal(t, region, f.Region)
		assert.Equal(t, "aws_backup_central_copies", f.PhysicalName)
		assert.Empty(t, f.Deployment, "the backup account's framework serves every audited deployment")
		assert.False(t, f.RetainOnDelete, "a framework holds no evidence")
	}

	bucket := find(t, plan, "ca-prod-reports-bucket")
	assert.Equal(t, "eu-west-2", bucket.Region, "the primary region")
	assert.Equal(t, "aws-backup-ca-prod-reports-111111111111", bucket.PhysicalName)
	assert.Equal(t, "aws-backup-ca-prod-reports-111111111111", bucket.Inputs["bucket"])
	assert.Equal(t, true, bucket.Inputs["objectLockEnabled"])
	assert.Equal(t, false, bucket.Inputs["forceDestroy"], "never emptied to be deleted")
	assert.True(t, bucket.RetainOnDelete)
	assert.True(t, bucket.Adopt, "a bucket a destroyed stack kept is adopted")

	ref := desired.Out(bucket.Name, desired.OutputID)
	parts := map[string]map[string]any{
		"versioning": {"bucket": ref, "versioningConfiguration": map[string]any{"status": "Enabled"}},
		"object-lock": {"bucket": ref, "objectLockEnabled": "Enabled", "rule": map[string]any{
			"defaultRetention": map[string]any{"mode": "COMPLIANCE", "days": 35}}},
		"encryption": {"bucket": ref, "rules": []any{map[string]any{
			"applyServerSideEncryptionByDefault": map[string]any{"sseAlgorithm": "AES256"}}}},
		"public-access-block": {"bucket": ref, "blockPublicAcls": true, "blockPublicPolicy": true,
			"ignorePublicAcls": true, "restrictPublicBuckets": true},
	}
	var configured []string
	for part, inputs := range parts {
		r := find(t, plan, bucket.Name+"-"+part)
		assert.Equal(t, inputs, r.Inputs, part)
		assert.True(t, r.RetainOnDelete, part)
		assert.False(t, r.Adopt, "%s is put again on a kept bucket", part)
		assert.Equal(t, "eu-west-2", r.Region, part)
		configured = append(configured, r.Name)
	}

	var plans []string
	for _, template := range []string{"backup-job", "copy-job", "restore-job", "control-compliance", "resource-compliance"} {
		r := find(t, plan, "ca-prod-report-plan-"+template)
		assert.ElementsMatch(t, configured, r.DependsOn, "%s: reports land in a configured bucket", r.Name)
		assert.False(t, r.RetainOnDelete)
		assert.Equal(t, map[string]any{"s3BucketName": ref, "formats": []any{"CSV"}}, r.Inputs["reportDeliveryChannel"])
		setting := r.Inputs["reportSetting"].(map[string]any)
		assert.Equal(t, []any{"eu-west-2", "eu-west-1"}, setting["regions"], r.Name)
		assert.NotEmpty(t, setting["organizationUnits"], r.Name)
		plans = append(plans, r.Name)
	}

	policy := find(t, plan, bucket.Name+"-policy")
	assert.True(t, policy.RetainOnDelete)
	assert.True(t, policy.Adopt, "its policy too, which denies putting another")
	assert.Equal(t, bucket.PhysicalName, policy.PhysicalName, "adopted by the bucket's name")
	assert.ElementsMatch(t, append(plans, "audit-central-framework-eu-west-2", "audit-central-framework-eu-west-1"),
		policy.DependsOn, "after the reports service-linked role exists")
	var doc struct{ Statement []map[string]any }
	require.NoError(t, json.Unmarshal([]byte(policy.Inputs["policy"].(string)), &doc))
	sids := map[string]map[string]any{}
	for _, s := range doc.Statement {
		sids[s["Sid"].(string)] = s
	}
	role := "arn:aws:iam::111111111111:role/aws-service-role/reports.backup.amazonaws.com/AWSServiceRoleForBackupReports"
	assert.Equal(t, "Allow", sids["AllowReportDelivery"]["Effect"])
	assert.Equal(t, map[string]any{"AWS": role}, sids["AllowReportDelivery"]["Principal"])
	for _, sid := range []string{"DenyWritesButReportDelivery", "DenyReportDeletion", "DenyBucketPolicyAndLifecycleChanges",
		"DenyInsecureTransport"} {
		require.Contains(t, sids, sid)
		assert.Equal(t, "Deny", sids[sid]["Effect"], sid)
		assert.Equal(t, map[string]any{"AWS": "*"}, sids[sid]["Principal"], "%s: everyone", sid)
	}
}

// Without auditReports, no audit resource is planned.
func TestNoAuditReportsNoResources(t *testing.T) {
	plan, _ := planOf(t, "lag-pitr", func(f *config.File) {
		d := f.Config.Deployments["ca-prod"]
		d.AuditReports = nil
		f.Config.Deployments["ca-prod"] = d
	})
	counts := countTypes(plan)
	for _, typ := range []string{desired.BackupFramework, desired.BackupReportPlan, desired.S3Bucket, desired.S3BucketPolicy} {
		assert.Zero(t, counts[typ], typ)
	}
	assert.Empty(t, plan.Deployments["ca-prod"].Member.AuditFramework)
}

// An explicit reportRetentionDays and bucket name reach the bucket.
func TestAuditReportInputsReachTheBucket(t *testing.T) {
	plan, _ := planOf(t, "lag-pitr", func(f *config.File) {
		d := f.Config.Deployments["ca-prod"]
		days := 400
		d.AuditReports = &config.AuditReports{ConfigRecordingConfirmed: true, ReportRetentionDays: &days,
			BucketName: "ca-prod-audit-evidence"}
		f.Config.Deployments["ca-prod"] = d
	})
	bucket := find(t, plan, "ca-prod-reports-bucket")
	assert.Equal(t, "ca-prod-audit-evidence", bucket.PhysicalName)
	lock := find(t, plan, "ca-prod-reports-bucket-object-lock")
	assert.Equal(t, 400, lock.Inputs["rule"].(map[string]any)["defaultRetention"].(map[string]any)["days"])
	assert.Contains(t, find(t, plan, "ca-prod-reports-bucket-policy").Inputs["policy"],
		"arn:aws:s3:::ca-prod-audit-evidence/*")
}
