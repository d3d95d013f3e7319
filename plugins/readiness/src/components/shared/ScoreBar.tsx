import Box from '@material-ui/core/Box';
import LinearProgress from '@material-ui/core/LinearProgress';
import Typography from '@material-ui/core/Typography';

/**
 * A labelled 0-100 bar; the value is also written out as text.
 *
 * @internal
 */
export function ScoreBar(props: {
  label: string;
  value: number;
  ariaLabel: string;
}) {
  const value = Math.max(0, Math.min(100, Math.round(props.value)));
  return (
    <Box display="flex" alignItems="center" style={{ gap: 8 }}>
      <Typography variant="body2" style={{ minWidth: 110 }}>
        {props.label}
      </Typography>
      <Box flexGrow={1}>
        <LinearProgress
          variant="determinate"
          value={value}
          aria-label={props.ariaLabel}
        />
      </Box>
      <Typography variant="body2" style={{ minWidth: 40, textAlign: 'right' }}>
        {value}%
      </Typography>
    </Box>
  );
}
