//go:build engine

package engine

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/pulumi/pulumi/sdk/v3/go/auto"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/require"

	"github.com/orgbackup/pulumi-orgbackup/sdk/go/orgbackup"
)

// BenchmarkEngine previews and deploys 1, 20 and 100 deployments (3 plans
// of 3 rules, 2 regions, as make bench) through the engine with the
// double. Besides the wall time it reports the orgbackup plugin's CPU time
// per wall second (the plugin runs attached, so its process is measured on
// its own), the double's share of the wall time, and the invokes and
// registrations per operation. Checkpoints are skipped
// (PULUMI_SKIP_CHECKPOINTS) so the file backend's writes do not dominate.
func BenchmarkEngine(b *testing.B) {
	for _, n := range []int{1, 20, 100} {
		org := &organization{regions: []string{region, "eu-west-1"}, tags: map[string]string{"CostCentre": "platform"},
			plans: benchmarkPlans()}
		for i := range n {
			org.deployments = append(org.deployments, fmt.Sprintf("d%03d", i))
		}
		for _, op := range []string{"preview", "up"} {
			b.Run(fmt.Sprintf("deployments=%d/%s", n, op), func(b *testing.B) {
				h := newHarness(b)
				for i := 0; b.Loop(); i++ {
					b.StopTimer()
					stack := h.benchStack(fmt.Sprintf("%s-%d", op, i), org)
					plugin := startAttached(b)
					stack.Workspace().SetEnvVar("PULUMI_DEBUG_PROVIDERS", "orgbackup:"+plugin.port)
					mark := h.mark()
					start := time.Now()
					b.StartTimer()
					var err error
					if op == "preview" {
						_, err = stack.Preview(context.Background())
					} else {
						_, err = stack.Up(context.Background())
					}
					b.StopTimer()
					wall := time.Since(start)
					require.NoError(b, err)
					cpu := plugin.stop(b)
					cs := h.calls(mark)
					var doubleMicros int64
					invokes, registrations := 0, 0
					for _, c := range cs {
						doubleMicros += c.Micros
						switch c.Method {
						case "Invoke":
							invokes++
						case "Check":
							registrations++
						}
					}
					b.ReportMetric(cpu.Seconds()/wall.Seconds(), "plugin-cpu/wall")
					b.ReportMetric(float64(doubleMicros)/float64(wall.Microseconds()), "double/wall")
					b.ReportMetric(float64(invokes), "invokes/op")
					b.ReportMetric(float64(registrations), "registrations/op")
					b.StartTimer()
				}
			})
		}
	}
}

func (h *harness) benchStack(name string, org *organization) auto.Stack {
	stack := h.goStack(name, org.program(), World{})
	stack.Workspace().SetEnvVar("PULUMI_SKIP_CHECKPOINTS", "true")
	return stack
}

// attached is the orgbackup plugin started by the benchmark, which the
// engine attaches to through PULUMI_DEBUG_PROVIDERS.
type attached struct {
	cmd  *exec.Cmd
	port string
}

func startAttached(b *testing.B) *attached {
	cmd := exec.Command("../../bin/pulumi-resource-orgbackup")
	cmd.Stderr = os.Stderr
	out, err := cmd.StdoutPipe()
	require.NoError(b, err)
	require.NoError(b, cmd.Start())
	port, err := bufio.NewReader(out).ReadString('\n')
	require.NoError(b, err)
	return &attached{cmd: cmd, port: strings.TrimSpace(port)}
}

// stop ends the plugin and returns the CPU time it used.
func (a *attached) stop(b *testing.B) time.Duration {
	require.NoError(b, a.cmd.Process.Signal(syscall.SIGINT))
	_ = a.cmd.Wait() // a signalled exit is expected
	return a.cmd.ProcessState.UserTime() + a.cmd.ProcessState.SystemTime()
}

// benchmarkPlans are make bench's: 3 plans of 3 rules.
func benchmarkPlans() map[string]orgbackup.PlanArgs {
	plans := map[string]orgbackup.PlanArgs{}
	for p := range 3 {
		var rules []orgbackup.RuleArgs
		for r := range 3 {
			rules = append(rules, orgbackup.RuleArgs{Name: pulumi.StringRef(fmt.Sprintf("rule%d", r)),
				ScheduleExpression: fmt.Sprintf("cron(0 %d ? * * *)", r), DeleteAfterDays: pulumi.IntRef(7 * (r + 1))})
		}
		plans[fmt.Sprintf("plan%d", p)] = orgbackup.PlanArgs{Rules: rules}
	}
	return plans
}
