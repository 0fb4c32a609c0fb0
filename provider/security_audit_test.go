package provider

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/orgbackup/pulumi-orgbackup/provider/desired"
)

// Every report bucket of every example: Object Lock enabled at creation
// and its default retention in compliance mode, where "a protected object
// version can't be overwritten or deleted by any user, including the root
// user in your AWS account", for the deployment's report retention
// (https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-lock.html);
// versioning enabled, SSE-S3, every public access block setting, and the
// bucket with each of its configuration resources kept on destroy. The IAM
// simulator of the authorization tier evaluates the bucket policy but not
// Object Lock, which is enforced by Amazon S3 on object versions whatever
// the policies say, so this is where the lock is asserted.
func TestReportBucketsAreComplianceLockedClosedAndStay(t *testing.T) {
	checked := 0
	for example, plan := range examplePlans(t) {
		byName := map[string]desired.Resource{}
		for _, r := range plan.Resources {
			byName[r.Name] = r
		}
		for _, r := range plan.Resources {
			if r.Type != desired.S3Bucket {
				continue
			}
			checked++
			key := r.Deployment
			settings := plan.Config.AuditReportsSettings(testContext, key)
			require.NotNil(t, settings, "%s %s: a bucket only for audit reports", example, r.Name)
			assert.Equal(t, true, r.Inputs["objectLockEnabled"], "%s %s", example, r.Name)
			assert.Equal(t, false, r.Inputs["forceDestroy"], "%s %s", example, r.Name)
			assert.True(t, r.RetainOnDelete, "%s %s is kept on destroy", example, r.Name)
			ref := desired.Out(r.Name, desired.OutputID)
			want := map[string]map[string]any{
				"object-lock": {"bucket": ref, "objectLockEnabled": "Enabled", "rule": map[string]any{
					"defaultRetention": map[string]any{"mode": "COMPLIANCE", "days": *settings.ReportRetentionDays}}},
				"versioning": {"bucket": ref, "versioningConfiguration": map[string]any{"status": "Enabled"}},
				"encryption": {"bucket": ref, "rules": []any{map[string]any{
					"applyServerSideEncryptionByDefault": map[string]any{"sseAlgorithm": "AES256"}}}},
				"public-access-block": {"bucket": ref, "blockPublicAcls": true, "blockPublicPolicy": true,
					"ignorePublicAcls": true, "restrictPublicBuckets": true},
			}
			for part, inputs := range want {
				p, ok := byName[r.Name+"-"+part]
				require.True(t, ok, "%s %s has its %s", example, r.Name, part)
				assert.Equal(t, inputs, p.Inputs, "%s %s %s", example, r.Name, part)
				assert.True(t, p.RetainOnDelete, "%s %s %s is kept on destroy", example, r.Name, part)
			}
			policy, ok := byName[r.Name+"-policy"]
			require.True(t, ok)
			assert.True(t, policy.RetainOnDelete)
			assert.Positive(t, *settings.ReportRetentionDays)
			if d := plan.Config.Deployments[key]; d.MaxRetentionDays != nil && d.AuditReports.ReportRetentionDays == nil {
				assert.Equal(t, *d.MaxRetentionDays, *settings.ReportRetentionDays,
					"%s %s: reports are kept as long as the longest recovery point", example, key)
			}
		}
	}
	assert.Positive(t, checked, "an example has audit reports")
}

// The report bucket policy denies everyone but AWS Backup's report
// delivery any write, and everyone deleting a report or changing the
// policy: its Deny statements name every principal, with no condition that
// exempts an account administrator.
func TestReportBucketPolicyDeniesDeletionToEveryone(t *testing.T) {
	for example, plan := range examplePlans(t) {
		for _, r := range plan.Resources {
			if r.Type != desired.S3BucketPolicy {
				continue
			}
			var doc struct{ Statement []map[string]any }
			require.NoError(t, json.Unmarshal([]byte(r.Inputs["policy"].(string)), &doc))
			denied := map[string]bool{}
			for _, s := range doc.Statement {
				if s["Effect"] != "Deny" {
					continue
				}
				assert.Equal(t, map[string]any{"AWS": "*"}, s["Principal"], "%s %s %s", example, r.Name, s["Sid"])
				for _, key := range conditionKeys(s) {
					assert.NotContains(t, []string{"aws:PrincipalAccount", "aws:PrincipalOrgID", "aws:PrincipalTag"}, key,
						"%s %s %s: no exemption by account or tag", example, r.Name, s["Sid"])
				}
				if len(conditionKeys(s)) == 0 {
					for _, a := range list(s["Action"]) {
						denied[a] = true
					}
				}
			}
			for _, a := range []string{"s3:DeleteObject", "s3:DeleteObjectVersion", "s3:PutBucketPolicy",
				"s3:DeleteBucketPolicy", "s3:DeleteBucket", "s3:PutLifecycleConfiguration"} {
				assert.True(t, denied[a], "%s %s: %s denied unconditionally", example, r.Name, a)
			}
			assert.True(t, strings.HasSuffix(r.Name, "-reports-bucket-policy"), r.Name)
		}
	}
}
