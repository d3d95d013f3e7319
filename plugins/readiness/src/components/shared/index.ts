export { CheckStatusLabel } from './CheckStatusLabel';
export { EvidenceLinks } from './EvidenceLinks';
export { ScoreBar } from './ScoreBar';
export { TierChip } from './TierChip';
export { formatDate, formatRelativeTime } from './format';
export { EntityRefLink } from './EntityRefLink';
