import { Button, Text, View } from '@tarojs/components';
import type { SlotBooking } from '@jiankang/shared';
import { callPhone, isH5, openExternalLink } from '../../platform';
import './index.scss';

interface Props {
  booking: SlotBooking;
  hospitalName: string;
}

/**
 * 去医院预约: the hospital takes bookings only on its own page or by phone (its SMART Scheduling
 * Links feed gives the slot's link and number), so the resident is sent there instead of our
 * booking button. A mini-program cannot open outside pages, so weapp copies the link.
 */
export default function ExternalBooking({ booking, hospitalName }: Props) {
  return (
    <View className="external-booking" data-testid="external-booking">
      <Text className="external-booking__note">{hospitalName}仅在其官方渠道预约，本平台只展示号源。</Text>
      {booking.link && (
        <Button
          className="external-booking__button"
          data-testid="external-booking-link"
          onClick={() => openExternalLink(booking.link as string)}
        >
          {isH5 ? '去医院预约' : '复制医院预约链接'}
        </Button>
      )}
      {booking.phone && (
        <Button
          className="external-booking__button external-booking__button--plain"
          data-testid="external-booking-phone"
          onClick={() => callPhone(booking.phone as string)}
        >
          电话预约 {booking.phone}
        </Button>
      )}
      {!booking.link && !booking.phone && (
        <Text className="external-booking__note" data-testid="external-booking-none">
          请到医院窗口或医院官方渠道预约。
        </Text>
      )}
    </View>
  );
}
