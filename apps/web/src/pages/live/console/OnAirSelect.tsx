import { AudioOutlined } from '@ant-design/icons';
import type { LiveSessionView } from '@livedesk/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Select, Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';
import { liveApi, liveKeys } from '../../../api/live';
import { useErrorMessage } from '../../../lib/errors';

/** Anchor names are never empty, so the empty string can stand for "nobody on air". */
const NOBODY = '';

interface OnAirSelectProps {
  session: LiveSessionView;
  live: boolean;
  canModerate: boolean;
}

/** 在播主播: which of the show's anchors is on air now; each switch starts a shift the review attributes minutes to. */
export function OnAirSelect({ session, live, canModerate }: OnAirSelectProps) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const describeError = useErrorMessage();
  const queryClient = useQueryClient();

  const shifts = useQuery({
    queryKey: liveKeys.anchorShifts(session.id),
    queryFn: ({ signal }) => liveApi.anchorShifts(session.id, signal),
    // Another console's switch reaches no room frame, so the shifts are read again while the show is on.
    refetchInterval: live ? 10_000 : false,
  });
  const setOnAir = useMutation({
    mutationFn: (anchor: string | null) => liveApi.setOnAir(session.id, anchor),
    onSuccess: ({ current }) => {
      void queryClient.invalidateQueries({ queryKey: liveKeys.anchorShifts(session.id) });
      message.success(current ? t('onAir.switched', { anchor: current.anchor }) : t('onAir.cleared'));
    },
    onError: (error) => message.error(describeError(error, { conflict: t('onAir.notLive') })),
  });

  // The show's end closes the open shift on the server; a stale read must not show someone on air after it.
  const open = live ? (shifts.data?.find((s) => s.endAt === null)?.anchor ?? null) : null;
  const shown = setOnAir.isPending ? setOnAir.variables : open;
  const noAnchors = session.anchors.length === 0;
  const disabledReason = !live ? t('onAir.notLive') : noAnchors ? t('onAir.noAnchors') : !canModerate ? t('onAir.noPermission') : null;

  return (
    <Tooltip title={disabledReason}>
      <span>
        <Select<string>
          prefix={
            <span className="console-on-air-label">
              <AudioOutlined /> {t('onAir.label')}
            </span>
          }
          value={shown ?? NOBODY}
          onChange={(value) => setOnAir.mutate(value === NOBODY ? null : value)}
          loading={setOnAir.isPending || shifts.isLoading}
          disabled={disabledReason !== null}
          popupMatchSelectWidth={false}
          className="console-on-air-select"
          options={[
            { value: NOBODY, label: t('onAir.nobody') },
            ...session.anchors.map((anchor) => ({ value: anchor.name, label: anchor.name })),
          ]}
          data-testid="console-on-air"
        />
      </span>
    </Tooltip>
  );
}
