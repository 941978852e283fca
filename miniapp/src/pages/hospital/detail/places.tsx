import { Text, View } from '@tarojs/components';
import type { HospitalPlacesResponse } from '@jiankang/shared';
import { SERVICE_SCHEDULES_NAME } from '@jiankang/shared';
import { callPhone, isH5, navigateTo, openExternalLink } from '../../../platform';
import { routes } from '../../../routes';

/** A map search for a point: opens in the browser on H5 (weapp copies it, as for any web link). */
const mapLink = (lat: number, lng: number, name: string) =>
  `https://uri.amap.com/marker?position=${lng},${lat}&name=${encodeURIComponent(name)}`;

interface Props {
  hospitalId: string;
  hospitalName: string;
  places: HospitalPlacesResponse;
}

/**
 * What the hospital's feed itself says: whether it takes bookings here, its service-level
 * schedules, and the sites (地址, 电话, 地图) its SMART Scheduling Links Locations name.
 */
export default function FeedPlaces({ hospitalId, hospitalName, places }: Props) {
  const external = places.bookingMode === 'external';
  return (
    <View className="hd-section" data-testid="hospital-places">
      {external && (
        <Text className="hd-places__note" data-testid="hospital-external-booking">
          该医院仅在其官方渠道预约：本平台展示号源，预约请点号源后“去医院预约”。
        </Text>
      )}
      {places.hasServiceSchedules && (
        <View
          className="dept-item hd-places__services"
          hoverClass="dept-item--pressed"
          role="link"
          data-testid="service-schedules-link"
          onClick={() => navigateTo(routes.services(hospitalId, hospitalName))}
        >
          <Text className="dept-item__name">{SERVICE_SCHEDULES_NAME}</Text>
          <Text className="dept-item__meta">未指定医生的号源 ›</Text>
        </View>
      )}
      {places.locations.length > 0 && (
        <View data-testid="hospital-locations">
          <Text className="hd-section__title">就诊地点</Text>
          {places.locations.map((l) => (
            <View key={l.id} className="hd-card hd-place" data-testid="hospital-location">
              <Text className="hd-place__name">{l.name}</Text>
              {l.address && <Text className="hd-place__line">{l.address}</Text>}
              {l.description && <Text className="hd-place__line">{l.description}</Text>}
              <View className="hd-place__actions">
                {l.phone && (
                  <View
                    className="hd-place__action"
                    role="button"
                    data-testid="location-phone"
                    onClick={() => callPhone(l.phone as string)}
                  >
                    拨打 {l.phone}
                  </View>
                )}
                {l.position && (
                  <View
                    className="hd-place__action"
                    role="link"
                    data-testid="location-map"
                    onClick={() => openExternalLink(mapLink(l.position!.lat, l.position!.lng, l.name))}
                  >
                    {isH5 ? '查看地图' : '复制地图链接'}
                  </View>
                )}
              </View>
            </View>
          ))}
        </View>
      )}
    </View>
  );
}
