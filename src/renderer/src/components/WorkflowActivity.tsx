import { Bar, BarChart, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts'
import { RECENT_DAYS, type WorkflowStats } from '../../../shared/schemas/workflows'
import { duration, plural } from '../../../shared/text'
import { averageRunSeconds, dailyRuns, runTimeUnit, type DayRuns } from '../lib/daily-runs'

const outcomes = [
  { key: 'completed', name: 'completed', color: '#2b8a3e' },
  { key: 'failed', name: 'failed', color: '#c92a2a' },
  { key: 'other', name: 'pending, running or cancelled', color: '#868e96' },
] as const

/** A workflow's last two weeks, day by day: is it healthy lately, and since when not? */
export function WorkflowActivity({ stats, now }: { stats: WorkflowStats; now: number }) {
  const days = dailyRuns(stats.recent_hours, now, RECENT_DAYS)
  const runs = days.reduce((sum, day) => sum + day.completed + day.failed + day.other, 0)
  const failed = days.reduce((sum, day) => sum + day.failed, 0)
  return (
    <section aria-labelledby="workflow-activity-title">
      <h4 id="workflow-activity-title">Last {RECENT_DAYS} days</h4>
      <p data-testid="workflow-activity">
        {runs === 0 ? 'No runs' : `${plural(runs, 'run')}, ${failed} failed${failed ? ` (${Math.round((failed / runs) * 100)}%)` : ''}`}
      </p>
      {runs > 0 && (
        <div className="chart small-chart">
          <ResponsiveContainer width="100%" height={120}>
            <BarChart data={days}>
              <XAxis dataKey="label" fontSize={10} minTickGap={8} />
              <YAxis allowDecimals={false} fontSize={10} width={32} />
              <Tooltip />
              {outcomes.map((outcome) => (
                <Bar key={outcome.key} dataKey={outcome.key} name={outcome.name} stackId="runs" fill={outcome.color} isAnimationActive={false} />
              ))}
            </BarChart>
          </ResponsiveContainer>
        </div>
      )}
      {days.some((day) => day.completed > 0) && <RunTimeByDay days={days} />}
    </section>
  )
}

/** Its completed runs' average time day by day: when a slowdown began, and whether it is over. */
function RunTimeByDay({ days }: { days: DayRuns[] }) {
  const averages = days.map(averageRunSeconds)
  // Plotted in one unit, so the axis gets round numbers of it; the tooltip says the exact time.
  const unit = runTimeUnit(Math.max(...averages.map((seconds) => seconds ?? 0)))
  const data = days.map((day, i) => ({ label: day.label, seconds: averages[i], average: averages[i] === null ? null : averages[i]! / unit.seconds }))
  return (
    <div data-testid="workflow-run-time-chart">
      <h5>Average run time per day (completed runs)</h5>
      <div className="chart small-chart">
        <ResponsiveContainer width="100%" height={120}>
          <LineChart data={data} margin={{ top: 8, right: 8 }}>
            <XAxis dataKey="label" fontSize={10} minTickGap={8} />
            <YAxis fontSize={10} width={60} tickFormatter={(value: number) => `${value} ${unit.name}`} />
            <Tooltip formatter={(_value, _name, item) => duration((item.payload as { seconds: number }).seconds)} />
            <Line dataKey="average" name="average run time" stroke="#1c7ed6" dot={{ r: 2 }} isAnimationActive={false} />
          </LineChart>
        </ResponsiveContainer>
      </div>
    </div>
  )
}
