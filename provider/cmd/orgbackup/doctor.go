package main

// orgbackup doctor --config FILE [--backup-account-id ID] [--region R] [--profile P]
//
// A read-only preflight: with the caller's AWS credentials it observes the
// organization's prerequisites that FILE needs (provider/preflight/awsfacts)
// and prints each check (provider/preflight) as ok, missing or unknown, with
// the fix. docs/doctor.md lists the checks, the calls and their permissions.

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/arn"
	awsconfig "github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	"github.com/aws/smithy-go/logging"

	"github.com/orgbackup/pulumi-orgbackup/provider/awscontext"
	"github.com/orgbackup/pulumi-orgbackup/provider/central"
	"github.com/orgbackup/pulumi-orgbackup/provider/config"
	"github.com/orgbackup/pulumi-orgbackup/provider/preflight"
	"github.com/orgbackup/pulumi-orgbackup/provider/preflight/awsfacts"
)

const doctorUsage = "usage: orgbackup doctor --config FILE [--backup-account-id ID] [--region REGION] [--profile PROFILE]"

const doctorHelp = `orgbackup doctor checks, read-only, with the caller's AWS credentials, every
prerequisite of docs/prerequisites.md that the configuration needs, and
prints each as ok, missing or unknown (could not be checked: the reason
names the permission, or the account to run it from) with its fix.

` + doctorUsage + `

Run it with the management account's credentials (every check; pass
--backup-account-id) or the backup account's (some checks are unknown).
docs/doctor.md lists the checks, the calls and their permissions.

Flags of doctor:
%s
Exit status: 0 every check ok, 1 something missing (or the configuration
or the AWS configuration could not be read), 2 misuse of the command,
3 nothing missing but something unknown.
`

// Exit statuses of doctor beyond run's 0, 1 and 2.
const exitUnknown = 3

type doctorOptions struct {
	config, backupAccountID, region, profile string
}

func doctorFlags(opts *doctorOptions) *flag.FlagSet {
	flags := flag.NewFlagSet("doctor", flag.ContinueOnError)
	flags.SetOutput(io.Discard)
	flags.StringVar(&opts.config, "config", "",
		"the configuration `FILE`, as render reads it (its context block is optional here)")
	flags.StringVar(&opts.backupAccountID, "backup-account-id", "",
		"the backup account's `ID`, when running with the management account's credentials "+
			"(default: the file's context.accountId, else the caller's account)")
	flags.StringVar(&opts.region, "region", "", "the AWS `REGION` (default: the SDK's, e.g. AWS_REGION or the profile's)")
	flags.StringVar(&opts.profile, "profile", "", "the AWS shared config `PROFILE` (default: AWS_PROFILE)")
	return flags
}

// doctor runs `orgbackup doctor args...`.
func doctor(args []string, stdout, stderr io.Writer) int {
	var opts doctorOptions
	flags := doctorFlags(&opts)
	misused := func(what string) int {
		fmt.Fprintf(stderr, "orgbackup doctor: %s\n%s\nRun orgbackup doctor --help for the flags.\n", what, doctorUsage)
		return 2
	}
	if err := flags.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			var defaults strings.Builder
			flags.SetOutput(&defaults)
			flags.PrintDefaults()
			fmt.Fprintf(stdout, doctorHelp, defaults.String())
			return 0
		}
		msg := err.Error()
		if name, ok := strings.CutPrefix(msg, "flag provided but not defined: -"); ok {
			msg = fmt.Sprintf("unknown flag --%s: doctor's flags are --config, --backup-account-id, --region and --profile",
				strings.TrimPrefix(name, "-"))
		}
		return misused(msg)
	}
	switch {
	case flags.NArg() > 0:
		return misused(fmt.Sprintf("unexpected argument %q: doctor takes only flags", flags.Arg(0)))
	case opts.config == "":
		return misused("doctor needs --config FILE")
	case opts.backupAccountID != "" && !isAccountID(opts.backupAccountID):
		return misused(fmt.Sprintf("--backup-account-id %q is not a 12-digit account id", opts.backupAccountID))
	}
	checks, header, err := diagnose(context.Background(), opts)
	if err != nil {
		var problems config.Problems
		if errors.As(err, &problems) {
			fmt.Fprintln(stderr, problems.Error())
		} else {
			fmt.Fprintln(stderr, "orgbackup doctor:", err)
		}
		return 1
	}
	fmt.Fprintln(stdout, header)
	writeChecks(stdout, checks)
	return exitStatus(checks)
}

func isAccountID(s string) bool {
	if len(s) != 12 {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// diagnose reads the configuration, observes the facts and returns the
// checks and a line saying which accounts they are about.
func diagnose(ctx context.Context, opts doctorOptions) ([]preflight.Check, string, error) {
	data, err := config.ReadFile(opts.config)
	if err != nil {
		return nil, "", err
	}
	file, err := config.LoadInputs(data)
	if err != nil {
		return nil, "", err
	}
	if file.Context != (config.Context{}) {
		// The configuration's own problems first, as render reports them:
		// no AWS call can fix those.
		if _, err := central.Build(file.Config, file.Context); err != nil {
			return nil, "", err
		}
	}
	loadOpts := []func(*awsconfig.LoadOptions) error{awsconfig.WithLogger(logging.Nop{})}
	if opts.region != "" {
		loadOpts = append(loadOpts, awsconfig.WithRegion(opts.region))
	}
	if opts.profile != "" {
		loadOpts = append(loadOpts, awsconfig.WithSharedConfigProfile(opts.profile))
	}
	awsCfg, err := awscontext.Load(ctx, loadOpts...)
	if err != nil {
		return nil, "", err
	}
	identity, err := sts.NewFromConfig(awsCfg).GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
	if err != nil {
		return nil, "", fmt.Errorf("no usable AWS credentials: set AWS_PROFILE (or --profile) to a profile of the "+
			"management or the backup account, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, and check they have not "+
			"expired (sts:GetCallerIdentity, which needs no permission, failed: %w)", err)
	}
	caller := aws.ToString(identity.Account)

	cctx := file.Context
	fromFile := cctx != (config.Context{})
	backupAccount := opts.backupAccountID
	switch {
	case backupAccount != "" && fromFile && cctx.AccountID != "" && cctx.AccountID != backupAccount:
		return nil, "", fmt.Errorf("--backup-account-id %s differs from the file's context.accountId %s: the backup account is "+
			"the context's account; drop one of them", backupAccount, cctx.AccountID)
	case backupAccount == "" && cctx.AccountID != "":
		backupAccount = cctx.AccountID
	case backupAccount == "":
		backupAccount = caller
	}
	cctx.AccountID = backupAccount
	if cctx.Region == "" {
		cctx.Region = awsCfg.Region
	}
	if cctx.Partition == "" {
		// The partition of OrgBackup's delegation statements' ARNs; the
		// organization's id and management account come from
		// DescribeOrganization (awsfacts).
		if callerARN, err := arn.Parse(aws.ToString(identity.Arn)); err == nil {
			cctx.Partition = callerARN.Partition
		}
	}

	facts := awsfacts.Gather(ctx, awsfacts.NewClients(awsCfg), file.Config, cctx,
		awsfacts.Accounts{Caller: caller, Backup: backupAccount})
	header := fmt.Sprintf("orgbackup doctor: backup account %s, caller %s", backupAccount, caller)
	if caller == backupAccount {
		header += " (the backup account)"
	}
	checks := preflight.Checks(file.Config, cctx, facts)
	if !fromFile {
		// AWS Backup's service-linked role is no prerequisite: OrgBackup
		// creates it when its look-up (the component's, or render
		// --context-from-aws) finds none. Only a context block's claim
		// about it can be wrong.
		checks = slices.DeleteFunc(checks, func(c preflight.Check) bool { return c.API == preflight.APIListRoles })
		header += "\nAWS Backup's service-linked role: not checked, the file has no context block (OrgBackup looks the role up and creates it when absent)"
	}
	return checks, header, nil
}

// writeChecks prints one line per check, then its fix unless ok, then a
// count.
func writeChecks(w io.Writer, checks []preflight.Check) {
	for _, c := range checks {
		api := ""
		if c.API != "" {
			api = c.API + ": "
		}
		fmt.Fprintf(w, "%-8s %s (%s%s)\n", c.Status, c.Name, api, c.Detail)
		if c.Status != preflight.OK {
			fmt.Fprintf(w, "         fix: %s\n", c.Fix)
		}
	}
	fmt.Fprintf(w, "%d ok, %d missing, %d unknown\n", preflight.Count(checks, preflight.OK),
		preflight.Count(checks, preflight.Missing), preflight.Count(checks, preflight.Unknown))
}

// exitStatus is 0 when every check is ok, 1 when one is missing, else 3.
func exitStatus(checks []preflight.Check) int {
	switch {
	case preflight.Count(checks, preflight.Missing) > 0:
		return 1
	case preflight.Count(checks, preflight.Unknown) > 0:
		return exitUnknown
	}
	return 0
}
