package main

import (
	"fmt"
	"io"

	"github.com/orgbackup/pulumi-orgbackup/provider/audit"
	"github.com/orgbackup/pulumi-orgbackup/provider/central"
	"github.com/orgbackup/pulumi-orgbackup/provider/config"
	"github.com/orgbackup/pulumi-orgbackup/provider/desired"
)

// summarizeAuditReports prints deployment key's audit reports, when it has
// them: its framework in the member accounts, the backup account's, and the
// report plans with the locked bucket they deliver to.
func summarizeAuditReports(w io.Writer, built central.Result, key string) {
	f := built.Deployments[key].Member.AuditFramework
	if f == nil {
		return
	}
	var bucket string
	var days, plans int
	for _, r := range built.Resources {
		if r.Deployment != key {
			continue
		}
		switch r.Type {
		case desired.S3Bucket:
			bucket = r.PhysicalName
		case desired.S3BucketObjectLock:
			lock, _ := desired.ArgsOf[desired.BucketObjectLockArgs](r)
			days = lock.Rule.DefaultRetention.Days
		case desired.BackupReportPlan:
			plans++
		}
	}
	c := audit.CentralFramework(built.Config)
	fmt.Fprintf(w, "  audit reports: framework %s (%s) in each member account and region, %s (%s) in the backup "+
		"account; %s to bucket %s, Object Lock %s %d days, kept on destroy\n", f.Name, config.Count(len(f.Controls), "control"),
		c.Name, config.Count(len(c.Controls), "control"), config.Count(plans, "report plan"), bucket, central.ObjectLockMode, days)
}
