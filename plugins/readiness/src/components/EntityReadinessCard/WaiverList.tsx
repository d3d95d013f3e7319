import { useState } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import { ResponseErrorPanel } from '@backstage/core-components';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import { usePermission } from '@backstage/plugin-permission-react';
import Button from '@material-ui/core/Button';
import Chip from '@material-ui/core/Chip';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import Alert from '@material-ui/lab/Alert';
import {
  type CheckId,
  readinessWaiverApprovePermission,
  readinessWaiverCreatePermission,
  readinessWaiverDeletePermission,
  type Waiver,
} from '@readiness/plugin-readiness-common';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { readinessApiRef } from '../../api/ReadinessApi';
import { readinessTranslationRef } from '../../translation';
import { formatDate } from '../shared';

const useStyles = makeStyles(theme => ({
  section: { marginTop: theme.spacing(2) },
  list: { listStyle: 'none', margin: 0, padding: 0 },
  item: {
    padding: theme.spacing(1, 0),
    borderBottom: `1px solid ${theme.palette.divider}`,
  },
  row: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    gap: theme.spacing(1),
  },
  form: {
    display: 'grid',
    gap: theme.spacing(1),
    marginTop: theme.spacing(1),
    maxWidth: 480,
  },
}));

/** One call at a time, its error kept for the panel; `onDone` after success. */
function useSend(onDone: () => void) {
  const [error, setError] = useState<Error>();
  const [sending, setSending] = useState(false);
  async function send(call: () => Promise<unknown>) {
    setSending(true);
    setError(undefined);
    try {
      await call();
      onDone();
    } catch (e) {
      setError(e as Error);
    } finally {
      setSending(false);
    }
  }
  return { error, sending, send };
}

const inDays = (days: number) =>
  new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

function RequestForm(props: {
  entityRef: string;
  owner: string;
  failing: CheckId[];
  onDone: () => void;
}) {
  const classes = useStyles();
  const api = useApi(readinessApiRef);
  const { t } = useTranslationRef(readinessTranslationRef);
  const [checkId, setCheckId] = useState<CheckId | ''>(props.failing[0] ?? '');
  const [reason, setReason] = useState('');
  const [owner, setOwner] = useState(props.owner);
  const [until, setUntil] = useState(inDays(30));
  const [advisories, setAdvisories] = useState('');
  const { error, sending, send } = useSend(props.onDone);

  function submit() {
    if (!checkId) {
      return;
    }
    const ids = advisories.split(/[\s,]+/).filter(Boolean);
    send(() =>
      api.requestWaiver(props.entityRef, {
        checkId,
        reason,
        owner,
        expiresAt: new Date(`${until}T23:59:59Z`).toISOString(),
        ...(ids.length > 0 ? { advisories: ids } : {}),
      }),
    );
  }

  return (
    <form
      className={classes.form}
      aria-label={t('waivers.requestForm')}
      onSubmit={event => {
        event.preventDefault();
        submit();
      }}
    >
      <TextField
        select
        id="readiness-waiver-check"
        label={t('waivers.check')}
        value={checkId}
        onChange={e => setCheckId(e.target.value as CheckId)}
      >
        {props.failing.map(id => (
          <MenuItem key={id} value={id}>
            {id}
          </MenuItem>
        ))}
      </TextField>
      <TextField
        id="readiness-waiver-reason"
        label={t('waivers.reason')}
        value={reason}
        required
        onChange={e => setReason(e.target.value)}
      />
      <TextField
        id="readiness-waiver-owner"
        label={t('waivers.owner')}
        value={owner}
        required
        onChange={e => setOwner(e.target.value)}
      />
      <TextField
        id="readiness-waiver-expires"
        label={t('waivers.expires')}
        type="date"
        value={until}
        InputLabelProps={{ shrink: true }}
        onChange={e => setUntil(e.target.value)}
      />
      {checkId === 'security.vulnerabilities' ? (
        <TextField
          id="readiness-waiver-advisories"
          label={t('waivers.advisories')}
          helperText={t('waivers.advisoriesHelp')}
          value={advisories}
          onChange={e => setAdvisories(e.target.value)}
        />
      ) : null}
      {error ? <ResponseErrorPanel error={error} /> : null}
      <Button
        type="submit"
        variant="contained"
        color="primary"
        disabled={sending || !checkId || !reason.trim() || !owner.trim()}
      >
        {t('waivers.submit')}
      </Button>
    </form>
  );
}

function WaiverItem(props: {
  entityRef: string;
  waiver: Waiver;
  canApprove: boolean;
  canRevoke: boolean;
  onDone: () => void;
}) {
  const { waiver, canApprove, canRevoke } = props;
  const classes = useStyles();
  const api = useApi(readinessApiRef);
  const { t } = useTranslationRef(readinessTranslationRef);
  const [reason, setReason] = useState('');
  const { error, sending, send } = useSend(props.onDone);
  const pending = waiver.state === 'pending';
  const actions = [
    ...(pending && canApprove ? (['approve', 'deny'] as const) : []),
    ...((pending || waiver.state === 'approved') && canRevoke
      ? (['revoke'] as const)
      : []),
  ];

  function decide(decision: (typeof actions)[number]) {
    send(() =>
      api.decideWaiver(
        props.entityRef,
        waiver.id,
        decision,
        reason.trim() || undefined,
      ),
    );
  }

  return (
    <li
      className={classes.item}
      aria-label={`${waiver.checkId} ${waiver.state}`}
    >
      <div className={classes.row}>
        <Chip
          size="small"
          variant="outlined"
          label={t(`waivers.states.${waiver.state}`)}
        />
        <Typography variant="body2">{waiver.checkId}</Typography>
        {waiver.advisories ? (
          <Typography variant="body2" color="textSecondary">
            {waiver.advisories.join(', ')}
            {waiver.package ? ` (${waiver.package})` : ''}
          </Typography>
        ) : null}
      </div>
      <Typography variant="body2" color="textSecondary">
        {t('waivers.line', {
          reason: waiver.reason,
          by: waiver.createdBy,
          until: formatDate(waiver.expiresAt),
        })}
        {waiver.decidedBy && waiver.state !== 'pending'
          ? ` ${t('waivers.decided', { by: waiver.decidedBy })}`
          : ''}
      </Typography>
      {actions.length > 0 ? (
        <div className={classes.row}>
          <TextField
            size="small"
            // Labels need an id in Material-UI 4; one per waiver.
            id={`readiness-waiver-${waiver.id.replace(/[^a-z0-9-]/gi, '-')}-reason`}
            label={t('waivers.decisionReason')}
            value={reason}
            onChange={e => setReason(e.target.value)}
          />
          {actions.map(action => (
            <Button
              key={action}
              size="small"
              variant="outlined"
              disabled={sending || (action === 'deny' && !reason.trim())}
              onClick={() => decide(action)}
            >
              {t(`waivers.${action}`)}
            </Button>
          ))}
        </div>
      ) : null}
      {error ? <ResponseErrorPanel error={error} /> : null}
    </li>
  );
}

/**
 * The entity's waivers with their state; owners request one, approvers
 * approve or deny a pending one, as their permissions allow.
 *
 * @internal
 */
export function WaiverList(props: {
  entityRef: string;
  /** The entity's owner, the default risk owner of a request. */
  owner: string;
  /** Failing checks: the ones a waiver can be requested for. */
  failing: CheckId[];
  /** After a change, so the report is read again. */
  onChange: () => void;
}) {
  const { entityRef } = props;
  const classes = useStyles();
  const api = useApi(readinessApiRef);
  const { t } = useTranslationRef(readinessTranslationRef);
  const [requesting, setRequesting] = useState(false);
  const { value, error, retry } = useAsyncRetry(
    () => api.listWaivers(entityRef),
    [api, entityRef],
  );
  const canRequest = usePermission({
    permission: readinessWaiverCreatePermission,
    resourceRef: entityRef,
  }).allowed;
  const canApprove = usePermission({
    permission: readinessWaiverApprovePermission,
    resourceRef: entityRef,
  }).allowed;
  const canRevoke = usePermission({
    permission: readinessWaiverDeletePermission,
    resourceRef: entityRef,
  }).allowed;
  const changed = () => {
    setRequesting(false);
    retry();
    props.onChange();
  };
  const waivers = value ?? [];
  if (!error && waivers.length === 0 && !canRequest) {
    return null;
  }
  return (
    <div className={classes.section}>
      <Typography variant="h6" component="h3">
        {t('waivers.heading')}
      </Typography>
      {error ? <Alert severity="warning">{error.message}</Alert> : null}
      {waivers.length > 0 ? (
        <ul className={classes.list} aria-label={t('waivers.heading')}>
          {waivers.map(waiver => (
            <WaiverItem
              key={waiver.id}
              entityRef={entityRef}
              waiver={waiver}
              canApprove={canApprove}
              canRevoke={canRevoke}
              onDone={changed}
            />
          ))}
        </ul>
      ) : null}
      {canRequest && props.failing.length > 0 ? (
        <>
          <Button
            size="small"
            aria-expanded={requesting}
            onClick={() => setRequesting(!requesting)}
          >
            {t('waivers.request')}
          </Button>
          {requesting ? (
            <RequestForm
              entityRef={entityRef}
              owner={props.owner}
              failing={props.failing}
              onDone={changed}
            />
          ) : null}
        </>
      ) : null}
    </div>
  );
}
