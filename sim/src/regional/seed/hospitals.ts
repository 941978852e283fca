import type { LineupId } from './lineups';

/**
 * The directory the simulated platform publishes. Names and grades follow Huizhou's public
 * hospitals closely enough to feel familiar; addresses are plausible street addresses and
 * coordinates (GCJ-02) sit inside the right district, but phone numbers, credit codes and
 * everything about staff are generated. Not a source of truth about any real hospital.
 */
export interface CampusProfile {
  name: string;
  address: string;
  lng: number;
  lat: number;
}

export interface HospitalProfile {
  orgCode: string;
  orgName: string;
  alias: string[];
  orgLevel: string;
  orgType: string;
  areaName: string;
  /** The first is 本部 and gives the hospital its address and location. */
  campuses: [CampusProfile, ...CampusProfile[]];
  /** One sentence on what the hospital is known for; the intro is built around it. */
  feature: string;
  lineup: LineupId;
  /** How the hospital's HIS numbers departments: pinyin initials (XNK) or digits (1004). */
  deptCodes: 'pinyin' | 'numeric';
}

const campus = (name: string, address: string, lng: number, lat: number): CampusProfile => ({
  name,
  address,
  lng,
  lat,
});

export const HOSPITAL_PROFILES: readonly HospitalProfile[] = [
  {
    orgCode: 'HZSZXRMYY',
    orgName: '惠州市中心人民医院',
    alias: ['市中心医院', '中心医院', '惠州中心医院'],
    orgLevel: '三级甲等',
    orgType: '综合医院',
    areaName: '惠城区',
    campuses: [
      campus('本部', '惠州市惠城区鹅岭北路41号', 114.408712, 23.096853),
      campus('江北院区', '惠州市惠城区江北文昌一路9号', 114.413275, 23.121604),
      campus('金山湖院区', '惠州市惠城区金山湖片区惠州大道南段', 114.432641, 23.058912),
    ],
    feature: '医院神经内科、心血管内科、消化内科为省级临床重点专科，设有卒中中心和胸痛中心。',
    lineup: 'general-3a',
    deptCodes: 'pinyin',
  },
  {
    orgCode: 'HZSDYRMYY',
    orgName: '惠州市第一人民医院',
    alias: ['市一院', '惠州一院', '第一人民医院'],
    orgLevel: '三级甲等',
    orgType: '综合医院',
    areaName: '惠城区',
    campuses: [
      campus('本部', '惠州市惠城区三新南路20号', 114.411832, 23.079164),
      campus('东江院区', '惠州市惠城区河南岸演达大道18号', 114.427518, 23.090327),
    ],
    feature: '医院骨科、普通外科、重症救治能力突出，是区域创伤救治中心。',
    lineup: 'general-3a',
    deptCodes: 'numeric',
  },
  {
    orgCode: 'HZSZYYY',
    orgName: '惠州市中医医院',
    alias: ['市中医院', '惠州中医院', '中医院'],
    orgLevel: '三级甲等',
    orgType: '中医医院',
    areaName: '惠城区',
    campuses: [
      campus('本部', '惠州市惠城区下埔路2号', 114.415307, 23.100426),
      campus('江北院区', '惠州市惠城区江北三新北路31号', 114.404921, 23.126718),
    ],
    feature: '医院以针灸、骨伤、脾胃病等中医特色专科见长，开展冬病夏治和膏方调养。',
    lineup: 'tcm-3a',
    deptCodes: 'pinyin',
  },
  {
    orgCode: 'HZSDSRMYY',
    orgName: '惠州市第三人民医院',
    alias: ['市三院', '惠州三院', '第三人民医院'],
    orgLevel: '三级甲等',
    orgType: '综合医院',
    areaName: '惠城区',
    campuses: [
      campus('总院区', '惠州市惠城区学背街1号', 114.406583, 23.118247),
      campus('东院区', '惠州市惠城区东平大道东湖西路6号', 114.437816, 23.102359),
      campus('横沥分院', '惠州市惠城区横沥镇横沥大道88号', 114.591264, 23.243108),
    ],
    feature: '医院心血管内科、神经外科、康复医学科为重点专科，设有国家标准版胸痛中心。',
    lineup: 'general-3a',
    deptCodes: 'numeric',
  },
  {
    orgCode: 'HZSDLRMYY',
    orgName: '惠州市第六人民医院',
    alias: ['市六院', '惠州六院', '第六人民医院'],
    orgLevel: '三级',
    orgType: '综合医院',
    areaName: '惠阳区',
    campuses: [
      campus('本部', '惠州市惠阳区淡水人民四路8号', 114.458127, 22.791436),
      campus('秋长分院', '惠州市惠阳区秋长街道秋长大道23号', 114.390652, 22.804571),
    ],
    feature: '医院承担惠阳及大亚湾片区的急危重症救治，设有肿瘤中心和卒中中心。',
    lineup: 'general-3',
    deptCodes: 'pinyin',
  },
  {
    orgCode: 'HZSFYBJY',
    orgName: '惠州市妇幼保健院',
    alias: ['市妇幼', '惠州妇幼', '妇幼保健院'],
    orgLevel: '三级甲等',
    orgType: '妇幼保健院',
    areaName: '惠城区',
    campuses: [
      campus('本部', '惠州市惠城区下角东路33号', 114.401736, 23.089542),
      campus('江北院区', '惠州市惠城区江北云山西路12号', 114.408215, 23.131087),
    ],
    feature: '医院设有危重孕产妇救治中心和危重新生儿救治中心，开展辅助生殖技术服务。',
    lineup: 'mch-3a',
    deptCodes: 'pinyin',
  },
  {
    orgCode: 'HZSDERMYY',
    orgName: '惠州市第二人民医院',
    alias: ['市二院', '惠州二院', '市精神卫生中心'],
    orgLevel: '三级',
    orgType: '专科医院',
    areaName: '惠城区',
    campuses: [campus('本部', '惠州市惠城区小金口街道金源路6号', 114.409836, 23.178521)],
    feature: '医院是全市精神卫生专科医院，承担心理危机干预和严重精神障碍患者管理任务。',
    lineup: 'psychiatric',
    deptCodes: 'pinyin',
  },
  {
    orgCode: 'HCQZXYJHYY',
    orgName: '惠城区中西医结合医院',
    alias: ['惠城中西医结合医院'],
    orgLevel: '二级甲等',
    orgType: '中西医结合医院',
    areaName: '惠城区',
    campuses: [campus('本部', '惠州市惠城区麦地路26号', 114.402918, 23.108734)],
    feature: '医院以中西医结合治疗慢性病和骨伤疾病为特色。',
    lineup: 'integrative',
    deptCodes: 'numeric',
  },
  {
    orgCode: 'HCQJBJDSQWSFWZX',
    orgName: '惠城区江北街道社区卫生服务中心',
    alias: ['江北社康', '江北社区卫生服务中心'],
    orgLevel: '未定级',
    orgType: '综合医院',
    areaName: '惠城区',
    campuses: [campus('本部', '惠州市惠城区江北文华一路5号', 114.416927, 23.119364)],
    feature: '中心开设家庭医生签约、慢性病随访和预防接种门诊。',
    lineup: 'community',
    deptCodes: 'pinyin',
  },
  {
    orgCode: 'HYQRMYY',
    orgName: '惠阳区人民医院',
    alias: ['惠阳人民医院', '惠阳区医院'],
    orgLevel: '二级甲等',
    orgType: '综合医院',
    areaName: '惠阳区',
    campuses: [campus('本部', '惠州市惠阳区淡水开城大道中45号', 114.468352, 22.801247)],
    feature: '医院设有胸痛救治单元和卒中防治门诊，开展腹腔镜微创手术。',
    lineup: 'general-2',
    deptCodes: 'pinyin',
  },
  {
    orgCode: 'HYQDSRMYY',
    orgName: '惠阳区第三人民医院',
    alias: ['惠阳三院', '惠阳区三院'],
    orgLevel: '二级',
    orgType: '综合医院',
    areaName: '惠阳区',
    campuses: [campus('本部', '惠州市惠阳区新圩镇新圩大道66号', 114.363127, 22.861954)],
    feature: '医院服务新圩、镇隆一带居民，开展常见病诊治和慢性病管理。',
    lineup: 'general-2',
    deptCodes: 'numeric',
  },
  {
    orgCode: 'HYQZYYY',
    orgName: '惠阳区中医医院',
    alias: ['惠阳中医院'],
    orgLevel: '二级甲等',
    orgType: '中医医院',
    areaName: '惠阳区',
    campuses: [campus('本部', '惠州市惠阳区淡水白云坑路12号', 114.451208, 22.783619)],
    feature: '医院以针灸推拿和中医骨伤为特色。',
    lineup: 'tcm-2',
    deptCodes: 'pinyin',
  },
  {
    orgCode: 'HDXRMYY',
    orgName: '惠东县人民医院',
    alias: ['惠东人民医院', '惠东县医院'],
    orgLevel: '三级乙等',
    orgType: '综合医院',
    areaName: '惠东县',
    campuses: [
      campus('本部', '惠州市惠东县平山街道华侨城东路1号', 114.721536, 22.987214),
      campus('吉隆分院', '惠州市惠东县吉隆镇吉隆大道30号', 114.882317, 22.978405),
    ],
    feature: '医院是惠东县的医疗救治中心，设有胸痛中心、卒中中心和创伤中心。',
    lineup: 'general-3',
    deptCodes: 'numeric',
  },
  {
    orgCode: 'HDXZYYY',
    orgName: '惠东县中医医院',
    alias: ['惠东中医院'],
    orgLevel: '二级甲等',
    orgType: '中医医院',
    areaName: '惠东县',
    campuses: [campus('本部', '惠州市惠东县平山街道东湖路3号', 114.712458, 22.981736)],
    feature: '医院开设中医骨伤、针灸、治未病等特色专科。',
    lineup: 'tcm-2',
    deptCodes: 'pinyin',
  },
  {
    orgCode: 'HDXFYBJY',
    orgName: '惠东县妇幼保健院',
    alias: ['惠东妇幼'],
    orgLevel: '二级甲等',
    orgType: '妇幼保健院',
    areaName: '惠东县',
    campuses: [campus('本部', '惠州市惠东县平山街道新平路19号', 114.716903, 22.993582)],
    feature: '医院承担全县孕产妇和儿童保健工作。',
    lineup: 'mch-2',
    deptCodes: 'pinyin',
  },
  {
    orgCode: 'BLXRMYY',
    orgName: '博罗县人民医院',
    alias: ['博罗人民医院', '博罗县医院'],
    orgLevel: '三级',
    orgType: '综合医院',
    areaName: '博罗县',
    campuses: [
      campus('本部', '惠州市博罗县罗阳街道北门路2号', 114.289416, 23.178352),
      campus('石湾分院', '惠州市博罗县石湾镇兴业大道16号', 114.103827, 23.102645),
    ],
    feature: '医院与市中心人民医院组建紧密型医联体，设有卒中中心和危重孕产妇救治中心。',
    lineup: 'general-3',
    deptCodes: 'pinyin',
  },
  {
    orgCode: 'BLXZYYY',
    orgName: '博罗县中医医院',
    alias: ['博罗中医院'],
    orgLevel: '二级甲等',
    orgType: '中医医院',
    areaName: '博罗县',
    campuses: [campus('本部', '惠州市博罗县罗阳街道商业街25号', 114.283659, 23.171204)],
    feature: '医院以中医肛肠、针灸康复为特色专科。',
    lineup: 'tcm-2',
    deptCodes: 'numeric',
  },
  {
    orgCode: 'BLXFYBJY',
    orgName: '博罗县妇幼保健院',
    alias: ['博罗妇幼'],
    orgLevel: '二级',
    orgType: '妇幼保健院',
    areaName: '博罗县',
    campuses: [campus('本部', '惠州市博罗县罗阳街道小金路7号', 114.294173, 23.168437)],
    feature: '医院承担全县妇女儿童保健和出生缺陷防治工作。',
    lineup: 'mch-2',
    deptCodes: 'pinyin',
  },
  {
    orgCode: 'LMXRMYY',
    orgName: '龙门县人民医院',
    alias: ['龙门人民医院', '龙门县医院'],
    orgLevel: '二级甲等',
    orgType: '综合医院',
    areaName: '龙门县',
    campuses: [campus('本部', '惠州市龙门县龙城街道西林路11号', 114.253816, 23.727394)],
    feature: '医院是龙门县的急救和转诊中心，与市级医院开展远程会诊。',
    lineup: 'general-2',
    deptCodes: 'pinyin',
  },
  {
    orgCode: 'LMXZYYY',
    orgName: '龙门县中医医院',
    alias: ['龙门中医院'],
    orgLevel: '二级乙等',
    orgType: '中医医院',
    areaName: '龙门县',
    campuses: [campus('本部', '惠州市龙门县龙城街道沿江路8号', 114.259347, 23.731586)],
    feature: '医院开展针灸推拿和中医内科诊疗，服务山区居民。',
    lineup: 'tcm-2',
    deptCodes: 'pinyin',
  },
  {
    orgCode: 'DYWJJJSKFQRMYY',
    orgName: '大亚湾经济技术开发区人民医院',
    alias: ['大亚湾人民医院', '大亚湾医院'],
    orgLevel: '二级甲等',
    orgType: '综合医院',
    areaName: '大亚湾',
    campuses: [
      campus('本部', '惠州市大亚湾西区龙山六路2号', 114.528364, 22.771853),
      campus('澳头院区', '惠州市大亚湾澳头街道前进路15号', 114.551782, 22.716439),
    ],
    feature: '医院承担大亚湾石化区的职业病防治和应急救援保障任务。',
    lineup: 'general-2',
    deptCodes: 'numeric',
  },
  {
    orgCode: 'ZSDXFSDYYYHYYY',
    orgName: '中山大学附属第一医院惠亚医院',
    alias: ['惠亚医院', '中大惠亚'],
    orgLevel: '三级',
    orgType: '综合医院',
    areaName: '大亚湾',
    campuses: [campus('本部', '惠州市大亚湾西区石化大道中1号', 114.519427, 22.779236)],
    feature: '医院依托大学附属医院的专家团队，开展疑难重症的诊治。',
    lineup: 'general-3',
    deptCodes: 'pinyin',
  },
  {
    orgCode: 'ZKGXQRMYY',
    orgName: '仲恺高新区人民医院',
    alias: ['仲恺人民医院', '仲恺医院'],
    orgLevel: '二级甲等',
    orgType: '综合医院',
    areaName: '仲恺',
    campuses: [
      campus('本部', '惠州市仲恺高新区和畅五路西12号', 114.352617, 23.028461),
      campus('潼湖分院', '惠州市仲恺高新区潼湖镇三和大道9号', 114.248395, 23.019874),
    ],
    feature: '医院服务仲恺高新区的产业工人和居民，开设职业健康门诊。',
    lineup: 'general-2',
    deptCodes: 'pinyin',
  },
  {
    orgCode: 'ZKGXQCJJDSQWSFWZX',
    orgName: '仲恺高新区陈江街道社区卫生服务中心',
    alias: ['陈江社康', '陈江街道社区卫生服务中心'],
    orgLevel: '一级',
    orgType: '综合医院',
    areaName: '仲恺',
    campuses: [campus('本部', '惠州市仲恺高新区陈江街道陈江大道中28号', 114.331845, 23.052716)],
    feature: '中心开设全科、中医和儿童保健门诊，为辖区企业职工提供健康体检。',
    lineup: 'community',
    deptCodes: 'pinyin',
  },
];

/** 行政区划代码 of each area; the two functional zones report under the city code. */
export const AREA_DIVISION_CODES: Record<string, string> = {
  惠城区: '441302',
  惠阳区: '441303',
  博罗县: '441322',
  惠东县: '441323',
  龙门县: '441324',
  大亚湾: '441300',
  仲恺: '441300',
};

/** Roughly the middle of each area, for hospitals added without coordinates. */
export const AREA_CENTRES: Record<string, [lng: number, lat: number]> = {
  惠城区: [114.416, 23.111],
  惠阳区: [114.457, 22.789],
  惠东县: [114.72, 22.985],
  博罗县: [114.289, 23.173],
  龙门县: [114.254, 23.727],
  大亚湾: [114.528, 22.771],
  仲恺: [114.352, 23.028],
};

/** First digit of local numbers by area, so phone numbers look like they belong there. */
export const AREA_PHONE_PREFIX: Record<string, string> = {
  惠城区: '2',
  惠阳区: '3',
  惠东县: '8',
  博罗县: '6',
  龙门县: '7',
  大亚湾: '5',
  仲恺: '2',
};
